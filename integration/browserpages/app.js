// The legacy site's own script (first party, not a tracker). Like many old
// sites, it adds a third-party script at run time, which the proxy cannot see
// in the HTML: the in-page guard must hold it back.
(function () {
  var s = document.createElement('script');
  s.src = 'http://{{tracker}}/late.js';
  document.head.appendChild(s);
})();
