// extract.mjs — a PDF's text as pdf.js reads it: one line per text line (items joined as
// pdf.js ends them), a form feed after each page.  The tests compare it with pdftotext.
// Usage: node extract.mjs PDFJS_DIST_DIR FILE.pdf
import { readFileSync } from 'fs';
const pdfjs = await import(process.argv[2] + '/legacy/build/pdf.mjs');
const data = new Uint8Array(readFileSync(process.argv[3]));
const doc = await pdfjs.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
for (let p = 1; p <= doc.numPages; p++) {
  const content = await (await doc.getPage(p)).getTextContent();
  let line = '';
  for (const item of content.items) {
    line += item.str;
    if (item.hasEOL) { process.stdout.write(line + '\n'); line = ''; }
  }
  if (line) process.stdout.write(line + '\n');
  process.stdout.write('\f');
}
