// Cookie consent guard. Rendered inline, first in <head>, before any script
// of the page, by banner.AppendHead. The proxy already neutralises trackers in
// the HTML it serves; this is the in-page layer for what the page does at run
// time. It:
//  - sets the Google Consent Mode v2 defaults from the current state;
//  - wraps the document.cookie setter so that writes of cookies of a category
//    not accepted are held back (and replayed if the category is accepted in
//    this page); deletions always pass; names no rule knows pass unless the
//    site asked to block unknown cookies;
//  - holds back tracker scripts inserted at run time: script elements made by
//    document.createElement (their src/type setters and setAttribute are
//    checked before the browser starts fetching), plus a MutationObserver
//    and Firefox's beforescriptexecute as a second net for other insertions;
//    a held script gets type="text/plain", data-cookie-consent=CATEGORY,
//    data-cookie-consent-src and data-cookie-consent-type, the same shape as
//    the server-side rewriter, so banner.js revives both the same way;
//  - exposes window.__cookieConsentGuard.update(categories, decided), which
//    banner.js calls after a decision (replays held cookies, sends the
//    Consent Mode update).
// State comes from the data-cookie-consent-state attribute of this script
// (JSON: {"decided":bool,"categories":[...],"gpc":bool}), so the text of the
// script is the same for every visitor: one CSP hash, cacheable.
// __RULES__ is replaced by New() with the compiled rules:
//   {"c":{cat:[cookie globs]},"s":{cat:[host globs]},"r":[required cats],"u":blockUnknown}
// URL glob forms are those of the rules package (see comp below).
// The Go side strips full-line comments and indentation: keep comments on
// their own lines, and no block comments.
window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}
(function(w,d,R){
"use strict";
if(w.__cookieConsentGuard)return;
var S={},acc={},held=[];
try{S=JSON.parse(d.currentScript.getAttribute("data-cookie-consent-state"))||{}}catch(e){}
function setAcc(l){
var i;
acc={};
for(i=0;i<R.r.length;i++)acc[R.r[i]]=1;
for(i=0;l&&i<l.length;i++)acc[l[i]]=1;
}
setAcc(S.decided?S.categories:[]);
function rx(g){return new RegExp("^"+g.replace(/[.+?^${}()|[\]\\]/g,"\\$&").replace(/\*/g,".*")+"$")}
// comp compiles globs. A cookie rule is {p}: the name glob. A URL rule, as
// in the rules package: "/path*" {f,p} a path on the page's own host;
// "*/path*" {p} a path on any host; "host" or "*.host" {h} the host and its
// subdomains; "host/path*" {h,p} the same and a path.
function comp(m,url){
var o={},k,j,g,i;
for(k in m){
o[k]=[];
for(j=0;j<m[k].length;j++){
g=m[k][j];
if(!url||g.charAt(0)==="/"||g.slice(0,2)==="*/")o[k].push({f:url&&g.charAt(0)==="/",p:rx(g)});
else{g=g.replace(/^\*\./,"");i=g.indexOf("/");o[k].push({h:(i<0?g:g.slice(0,i)).toLowerCase(),p:i<0?null:rx(g.slice(i))})}
}
}
return o;
}
var CK=comp(R.c,0),SC=comp(R.s,1);
// classify: "" if a rule of an accepted category matches (so on overlap the
// guard is the permissive one: the server side still enforces), the first
// category whose rule matches if none is accepted, null if no rule matches.
function classify(m,f){
var k,j,hit=null;
for(k in m)for(j=0;j<m[k].length;j++)if(f(m[k][j])){if(acc[k])return "";if(hit===null)hit=k}
return hit;
}
// cookieCat: "" if the write may pass, else the category it is held under.
function cookieCat(v){
var m=/;\s*max-age\s*=\s*(-?\d+)/i.exec(v),x=/;\s*expires\s*=\s*([^;]*)/i.exec(v);
if(m?+m[1]<=0:x&&Date.parse(x[1])<Date.now())return "";
var n=v.split(";")[0],e=n.indexOf("=");
n=(e<0?"":n.slice(0,e)).trim();
var c=classify(CK,function(r){return r.p.test(n)});
return c===null?(R.u?"unclassified":""):c;
}
var P=w.Document&&w.Document.prototype,D=P&&Object.getOwnPropertyDescriptor(P,"cookie");
if(D&&D.set&&D.configurable)Object.defineProperty(P,"cookie",{configurable:true,enumerable:D.enumerable,
get:function(){return D.get.call(this)},
set:function(v){v=String(v);var c=cookieCat(v);if(!c)return D.set.call(this,v);if(held.length>=50)held.shift();held.push([c,v])}});
function srcCat(s){
var u;
try{u=new URL(s,d.baseURI)}catch(e){return ""}
if(!/^https?:$/.test(u.protocol))return "";
var h=u.hostname.toLowerCase().replace(/\.$/,""),p=u.pathname,same=h===String(w.location.hostname).toLowerCase().replace(/\.$/,"");
return classify(SC,function(r){return (r.h?h===r.h||h.slice(-r.h.length-1)==="."+r.h:!r.f||same)&&(!r.p||r.p.test(p))})||"";
}
var EP=w.Element&&w.Element.prototype,setA=EP&&EP.setAttribute,remA=EP&&EP.removeAttribute;
function hold(el,c,s){
var t=el.getAttribute("type");
if(t&&t!=="text/plain"&&!el.hasAttribute("data-cookie-consent-type"))setA.call(el,"data-cookie-consent-type",t);
setA.call(el,"type","text/plain");
setA.call(el,"data-cookie-consent",c);
if(s!=null){setA.call(el,"data-cookie-consent-src",s);remA.call(el,"src")}
}
var SP=w.HTMLScriptElement&&w.HTMLScriptElement.prototype,
SRC=SP&&Object.getOwnPropertyDescriptor(SP,"src"),TYP=SP&&Object.getOwnPropertyDescriptor(SP,"type");
function patch(el){
function src(v){v=String(v);var c=srcCat(v);if(c)hold(el,c,v);else SRC.set.call(el,v)}
function typ(v){if(el.getAttribute("data-cookie-consent"))setA.call(el,"data-cookie-consent-type",v);else TYP.set.call(el,v)}
Object.defineProperty(el,"src",{configurable:true,get:function(){return SRC.get.call(el)},set:src});
Object.defineProperty(el,"type",{configurable:true,get:function(){return TYP.get.call(el)},set:typ});
el.setAttribute=function(n,v){n=String(n).toLowerCase();if(n==="src")return src(v);if(n==="type")return typ(v);return setA.call(el,n,v)};
}
if(SRC&&SRC.set&&TYP&&TYP.set&&setA){
var ce=d.createElement;
d.createElement=function(t){var el=ce.apply(this,arguments);if(String(t).toLowerCase()==="script")patch(el);return el};
}
if(w.MutationObserver)new w.MutationObserver(function(ms){
var i,j,n,s,c;
for(i=0;i<ms.length;i++)for(j=0;j<ms[i].addedNodes.length;j++){
n=ms[i].addedNodes[j];
if(n.nodeType===1&&n.tagName==="SCRIPT"&&!n.hasAttribute("data-cookie-consent")&&(s=n.getAttribute("src"))&&(c=srcCat(s)))hold(n,c,s);
}
}).observe(d.documentElement,{childList:true,subtree:true});
d.addEventListener("beforescriptexecute",function(e){var t=e.target;if(t.getAttribute("data-cookie-consent")&&t.getAttribute("type")==="text/plain")e.preventDefault()},true);
function cm(){
function g(c){return acc[c]?"granted":"denied"}
var m=g("marketing");
return{ad_storage:m,ad_user_data:m,ad_personalization:m,analytics_storage:g("analytics"),functionality_storage:g("preferences"),personalization_storage:g("preferences"),security_storage:"granted"};
}
w.gtag("consent","default",cm());
w.__cookieConsentGuard={
state:function(){return{decided:!!S.decided,categories:Object.keys(acc),gpc:!!S.gpc}},
allowed:function(c){return !!acc[c]},
update:function(l,dec){
S={decided:!!dec,categories:l};
setAcc(l);
var keep=[];
for(var j=0;j<held.length;j++)if(acc[held[j][0]]&&D)D.set.call(d,held[j][1]);else keep.push(held[j]);
held=keep;
w.gtag("consent","update",cm());
}
};
})(window,document,__RULES__);
