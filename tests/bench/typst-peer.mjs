// typst-peer.mjs — the Typst peer of `kaoji annual` for `make bench`: one node process renders
// notice.pdf, the 37 scorecards/NN-单位.pdf and scorecards.pdf from annual.typ and data.json.
//
// Usage: node typst-peer.mjs NODE_DIR WORK_DIR OUT_DIR [STATS_FILE]
//        node typst-peer.mjs NODE_DIR WORK_DIR --fonts
//   NODE_DIR  where `npm ci` put @myriaddreamin/typst-ts-node-compiler (build/bench)
//   WORK_DIR  holds annual.typ and data.json (typst_data.py)
//   --fonts   writes WORK_DIR/fonts.json: each role's family as Typst names it (Typst drops
//             suffixes such as “CN” or “R” from some families: “AR PL UMing CN” is “AR PL
//             UMing” to it), tried from fontconfig's name down; done once, before timing.
// The PDFs are untagged (pdfTags: false: the smallest Typst writes).  STATS_FILE gets
// "wall_s cpu_s" of the work inside the process: from reading the fonts and creating the
// compiler to the last file written — node's own start-up and module loading left out.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [nodeDir, work, out, stats] = process.argv.slice(2);
const { NodeCompiler } = createRequire(path.join(path.resolve(nodeDir), 'package.json'))(
  '@myriaddreamin/typst-ts-node-compiler');

const t0 = performance.now(), c0 = process.cpuUsage();
const data = JSON.parse(fs.readFileSync(path.join(work, 'data.json'), 'utf8'));
// Exactly the font files kaoji uses (besides Typst's own search of the system's fonts).
const files = [...new Set(Object.values(data.fonts).map(f => f.file))];
const compiler = NodeCompiler.create({
  workspace: path.resolve(work),
  fontArgs: [{ fontBlobs: files.map(f => fs.readFileSync(f)) }],
});

// Compiles one document and writes it as PDF (atomically enough for a benchmark).
function render(main, file) {
  const r = compiler.compile({ mainFileContent: '#import "annual.typ": *\n' + main });
  if (r.hasError() || !r.result) { r.printErrors(); process.exit(1); }
  fs.writeFileSync(file, compiler.pdf(r.result, { pdfTags: false }));
}

if (out === '--fonts') {
  const known = fam => {
    const r = compiler.compile({ mainFileContent: `#set text(font: ${JSON.stringify(fam)}, fallback: false)\n字` });
    const w = r.takeWarnings();
    return !r.hasError() && !(w && w.shortDiagnostics.some(d => /unknown font family/.test(d.message)));
  };
  const roles = {};
  for (const [role, f] of Object.entries(data.fonts)) {
    const words = [...f.names, f.family].flatMap(n => n.split(' ').map((_, i, a) => a.slice(0, a.length - i).join(' ')));
    const fam = words.find(known);
    if (!fam) { console.error(`Typst does not know ${f.family} (${f.file})`); process.exit(1); }
    roles[role] = { family: fam, weight: f.weight };
  }
  fs.writeFileSync(path.join(work, 'fonts.json'), JSON.stringify(roles, null, 1));
  process.exit(0);
}

fs.mkdirSync(path.join(out, 'scorecards'), { recursive: true });
render('#notice()', path.join(out, 'notice.pdf'));
data.cards.forEach((c, i) => render(`#cards((${i},))`, path.join(out, 'scorecards', c.file + '.pdf')));
render(`#cards(range(${data.cards.length}))`, path.join(out, 'scorecards.pdf'));

const cpu = process.cpuUsage(c0);
if (stats) fs.writeFileSync(stats, `${((performance.now() - t0) / 1000).toFixed(3)} ${((cpu.user + cpu.system) / 1e6).toFixed(3)}\n`);
