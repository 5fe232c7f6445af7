// The theme must be set before the first paint, or a dark-theme reader sees a white flash.
// This runs inline in <head>; its SHA-256 is pinned in the CSP by astro.config.mjs, so any edit
// here is hashed again automatically at build time.
export const themeInitScript =
  "try{var t=localStorage.getItem('plainsec:theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";
