// Material for MkDocs' search worker, run in Node on a search index, as the browser would:
//   node material_search.js WORKER_JS INDEX_JSON QUERY...
// prints {"query": [location of each result, best first], ...}. Used by tests/test_i18n_search.py.
const fs = require("fs"), path = require("path"), vm = require("vm");
const [worker, indexFile, ...queries] = process.argv.slice(2);
const lunrDir = path.join(path.dirname(worker), "..", "lunr");
let handler = null; const out = [];
const ctx = {
  console, setTimeout, clearTimeout, Promise,
  addEventListener: (type, fn) => { if (type === "message") handler = fn; },
  postMessage: (msg) => out.push(msg),
  importScripts: (...urls) => { for (const u of urls) vm.runInContext(fs.readFileSync(path.join(lunrDir, u.replace(/^\.\.\/lunr\//, "")), "utf8"), ctx); },
};
ctx.self = ctx; ctx.globalThis = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(worker, "utf8"), ctx);
(async () => {
  const index = JSON.parse(fs.readFileSync(indexFile, "utf8")); index.options = { suggest: false };
  await handler({ data: { type: 0, data: index } });
  const result = {};
  for (const q of queries) {
    out.length = 0;
    await handler({ data: { type: 2, data: q } });
    const items = out[0].data.items;
    result[q] = items.map(group => group[0].location);
  }
  console.log(JSON.stringify(result));
})();
