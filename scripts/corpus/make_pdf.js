// A report's blocks (JSON from scripts/make_corpus.py) as a PDF drawn directly with
// pdfmake, the way a follow-up system exports one: no word processor in between, tables
// with only light lines or none, the header row repeated on every page, status and grade
// marks drawn as coloured shapes rather than printed as characters, a running header and
// a "Sida n av m" footer.
//
// usage: node make_pdf.js model.json out.pdf

"use strict";

const fs = require("fs");
const path = require("path");
const PdfPrinter = require("pdfmake");

const [source, target] = process.argv.slice(2);
const model = JSON.parse(fs.readFileSync(source, "utf8"));
const options = model.options;

const DEJAVU = "/usr/share/fonts/truetype/dejavu";
const CARLITO = path.join(__dirname, "node_modules", "@fontsource", "carlito", "files");
const fonts = {
  DejaVu: {
    normal: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf`,
    italics: `${DEJAVU}/DejaVuSans-Oblique.ttf`, bolditalics: `${DEJAVU}/DejaVuSans-BoldOblique.ttf`,
  },
  DejaVuSerif: {
    normal: `${DEJAVU}/DejaVuSerif.ttf`, bold: `${DEJAVU}/DejaVuSerif-Bold.ttf`,
    italics: `${DEJAVU}/DejaVuSerif-Italic.ttf`, bolditalics: `${DEJAVU}/DejaVuSerif-BoldItalic.ttf`,
  },
  Carlito: {
    normal: `${CARLITO}/carlito-latin-400-normal.woff`, bold: `${CARLITO}/carlito-latin-700-normal.woff`,
    italics: `${CARLITO}/carlito-latin-400-italic.woff`, bolditalics: `${CARLITO}/carlito-latin-700-italic.woff`,
  },
};

const GRADE_COLOURS = { "●": "#2e7d32", "▲": "#9e9d24", "◆": "#ef6c00", "■": "#c62828" };
const STATUS_COLOURS = {
  "Avslutad enligt plan": "#2e7d32", "Avslutad med avvikelse": "#8d6e00", "Pågående enligt plan": "#1565c0",
  "Pågående med avvikelse": "#e65100", "Pågående med avvikelser": "#e65100", "Vänteläge": "#616161",
  "Ej påbörjad": "#c62828", "Pågående": "#1565c0",
};
const COLOUR_WORDS = { Grönt: "#2e7d32", Gult: "#f9a825", Rött: "#c62828" };

// -- pieces ----------------------------------------------------------------------------------

// A coloured mark drawn as a shape: a follow-up system's icon, no character in the text.
function mark(colour, shape = "circle") {
  const size = 7;
  let canvas;
  if (shape === "▲") {
    canvas = [{ type: "polyline", closePath: true, color: colour, points: [{ x: size / 2, y: 0 }, { x: size, y: size }, { x: 0, y: size }] }];
  } else if (shape === "◆") {
    canvas = [{ type: "polyline", closePath: true, color: colour, points: [{ x: size / 2, y: 0 }, { x: size, y: size / 2 }, { x: size / 2, y: size }, { x: 0, y: size / 2 }] }];
  } else if (shape === "■") {
    canvas = [{ type: "rect", x: 0, y: 0, w: size, h: size, color: colour }];
  } else {
    canvas = [{ type: "ellipse", x: size / 2, y: size / 2, r1: size / 2, r2: size / 2, color: colour }];
  }
  return { width: size + 4, canvas, margin: [0, 2, 0, 0] };
}

function runs(para) {
  const out = [];
  for (const run of para.runs) {
    const piece = { text: run.text };
    if (run.bold) piece.bold = true;
    if (run.link) Object.assign(piece, { link: run.link, color: "#1f4e79", decoration: "underline" });
    if (run.colour) piece.color = run.colour.startsWith("#") ? run.colour : "#2e7d32";
    out.push(piece);
  }
  return out;
}

function plain(para) {
  return para.runs.map((run) => run.text).join("");
}

function statusCell(text) {
  const symbol = /^[✓▶■⏸]/.test(text) ? text[0] : null;
  const words = text.replace(/^[✓▶■⏸]\s*/, "");
  const colour = STATUS_COLOURS[words];
  if (!colour || !options.status_marks) return { text };
  // The printed symbol (✓ ▶ ■ ⏸) becomes the system's coloured icon.
  return { columns: [mark(colour, symbol === "■" ? "■" : "circle"), { text: words, color: colour, width: "*" }], columnGap: 2 };
}

function cellContent(cell, header) {
  if ((header === "Status" || header === "Läge") && cell.length === 1) return statusCell(plain(cell[0]));
  if (!cell.length) return { text: "" };
  if (cell.length === 1) return { text: runs(cell[0]) };
  return { stack: cell.map((para) => ({ text: runs(para), margin: [0, 0, 0, 3] })) };
}

function widthsOf(columns) {
  const given = model.widths[String(columns)];
  if (!given) return Array(columns).fill("*");
  return given.map((w) => `${w}%`);
}

const LAYOUTS = {
  light: "lightHorizontalLines",
  none: "noBorders",
  zebra: {
    hLineWidth: (i, node) => (i === 1 ? 1 : 0),
    vLineWidth: () => 0,
    fillColor: (row) => (row === 0 ? "#dde6f0" : row % 2 === 0 ? "#f3f6f9" : null),
    paddingTop: () => 3, paddingBottom: () => 3,
  },
};

function tableBlock(block) {
  const body = [block.header.map((title) => ({ text: title, bold: true }))];
  for (const row of block.rows) body.push(row.map((cell, i) => cellContent(cell, block.header[i])));
  return {
    table: { headerRows: 1, dontBreakRows: false, widths: widthsOf(block.header.length), body },
    layout: LAYOUTS[options.table_layout || "light"],
    fontSize: options.table_size || 8.5,
    margin: [0, 4, 0, 10],
  };
}

// The 2024 layout: a table row of title (and unit), start and end date, and below it the
// activity's description, status and comment across the whole width.
function activityBlocks(block) {
  const body = [block.header.map((title) => ({ text: title, bold: true }))];
  for (const activity of block.activities) {
    const title = [{ text: activity.title, bold: true }];
    if (activity.unit) title.push({ text: `• ${activity.unit}`, italics: true, color: "#444" });
    body.push([{ stack: title }, { text: activity.start }, { text: activity.end }]);
    const text = activity.description.map((para) => ({ text: runs(para), margin: [0, 0, 0, 3] }));
    text.push(statusCell(activity.status));
    for (const para of activity.comment) text.push({ text: runs(para), margin: [0, 3, 0, 0] });
    body.push([{ stack: text, colSpan: 3, margin: [8, 0, 0, 6] }, {}, {}]);
  }
  return {
    table: { headerRows: 1, dontBreakRows: false, widths: widthsOf(3), body },
    layout: LAYOUTS[options.table_layout || "light"],
    fontSize: options.table_size || 9,
    margin: [0, 4, 0, 10],
  };
}

// A grade: the mark drawn in its colour, the words printed.
function gradeLine(text, size) {
  const symbol = text[0];
  if (GRADE_COLOURS[symbol]) {
    return { columns: [mark(GRADE_COLOURS[symbol], symbol), { text: text.slice(1).trim(), bold: true, width: "*" }], fontSize: size, margin: [0, 4, 0, 4] };
  }
  return { text, bold: true, fontSize: size, margin: [0, 4, 0, 4] };
}

// A paragraph that names a grade ("Bedömning: ▲ Delvis uppfyllt", "Måluppfyllelse: Gult").
function gradeParagraph(para) {
  const text = plain(para);
  const found = text.match(/^(.*?:)\s*([●▲◆■])?\s*(.*)$/);
  if (!found) return null;
  const [, label, symbol, words] = found;
  const colour = symbol ? GRADE_COLOURS[symbol] : COLOUR_WORDS[words.trim()];
  if (!colour) return null;
  return {
    columns: [{ text: label, bold: true, width: "auto" }, mark(colour, symbol || "circle"), { text: words, width: "*" }],
    columnGap: 4, margin: [0, 2, 0, 4],
  };
}

const SIZES = [18, 14, 12, 11, 10, 10];

function blockContent(block) {
  switch (block.type) {
    case "heading":
      if (block.kind === "grade") return gradeLine(block.text, SIZES[Math.min(block.level, 6) - 1] - 1);
      return { text: block.text, fontSize: SIZES[Math.min(block.level, 6) - 1], bold: true, color: "#1f4e79", margin: [0, 10, 0, 4] };
    case "paragraph": {
      if (block.kind === "title") return { text: runs(block.para), fontSize: 20, bold: true, margin: [0, 0, 0, 8] };
      if (options.grade_marks) {
        const grade = gradeParagraph(block.para);
        if (grade) return grade;
      }
      return { text: runs(block.para), margin: [0, 0, 0, 5] };
    }
    case "bullets":
      return { ul: block.items, margin: [0, 0, 0, 6] };
    case "table":
      return tableBlock(block);
    case "activity_blocks":
      return activityBlocks(block);
    default:
      throw new Error(`unknown block ${block.type}`);
  }
}

const definition = {
  pageSize: "A4",
  pageOrientation: options.landscape ? "landscape" : "portrait",
  pageMargins: [50, 60, 50, 50],
  info: {
    title: model.title, author: "Kommunförvaltningen", creator: "Uppföljningssystemet",
    creationDate: new Date("2024-09-01T12:00:00Z"), modDate: new Date("2024-09-01T12:00:00Z"),
  },
  defaultStyle: { font: options.font || "DejaVu", fontSize: options.size || 9.5, lineHeight: 1.15 },
  header: () => ({
    columns: [{ text: model.header, color: "#555" }, { text: model.footer_title, alignment: "right", color: "#555" }],
    margin: [50, 25, 50, 0], fontSize: 8,
  }),
  footer: (page, pages) => ({ text: `Sida ${page} av ${pages}`, alignment: "right", margin: [50, 15, 50, 0], fontSize: 8 }),
  content: model.blocks.map(blockContent),
};

const printer = new PdfPrinter(fonts);
const document = printer.createPdfKitDocument(definition);
document.pipe(fs.createWriteStream(target));
document.end();
