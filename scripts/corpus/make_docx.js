// A report's blocks (JSON from scripts/make_corpus.py) as a Word file made with the `docx`
// package, the way a municipality's office software writes one: autofit tables whose
// header row repeats on every page, cells merged down over rows that share a unit or
// across the table for an activity's text, grade marks drawn in Word's symbol fonts,
// headings numbered by Word's list numbering, soft line breaks and tabs inside cells.
//
// usage: node make_docx.js model.json out.docx

"use strict";

const fs = require("fs");

// The docx package names hyperlink relations with random ids (nanoid on Math.random); a
// seeded generator makes the same model give the same bytes again.
let seed = 20240901;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const docx = require("docx");

const {
  AlignmentType, BorderStyle, Document, ExternalHyperlink, Footer, Header, HeadingLevel, LevelFormat, Packer,
  PageNumber, PageOrientation, Paragraph, ShadingType, SymbolRun, Tab, Table, TableCell, TableLayoutType, TableRow,
  TextRun, VerticalMergeType, WidthType,
} = docx;

const [source, target] = process.argv.slice(2);
const model = JSON.parse(fs.readFileSync(source, "utf8"));
const options = model.options;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
// Word's Insert Symbol: the grade marks as characters of its symbol fonts.
const SYMBOLS = {
  "●": { char: "F06C", symbolfont: "Wingdings" },
  "■": { char: "F06E", symbolfont: "Wingdings" },
  "◆": { char: "F075", symbolfont: "Wingdings" },
  "▲": { char: "F070", symbolfont: "Wingdings 3" },
};
const STATUS_FILL = {
  "Avslutad enligt plan": "C8E6C9", "Avslutad med avvikelse": "FFF9C4", "Pågående enligt plan": "BBDEFB",
  "Pågående med avvikelse": "FFE0B2", "Pågående med avvikelser": "FFE0B2", "Vänteläge": "E0E0E0",
  "Ej påbörjad": "FFCDD2", "Pågående": "BBDEFB",
};

// -- runs and paragraphs ---------------------------------------------------------------------

// A text with its grade marks in a symbol font, where the options ask for it.
function textRuns(text, style = {}) {
  if (!options.symbol_font) return [new TextRun({ text, ...style })];
  const runs = [];
  let plain = "";
  for (const ch of text) {
    if (SYMBOLS[ch]) {
      if (plain) runs.push(new TextRun({ text: plain, ...style }));
      plain = "";
      runs.push(new SymbolRun({ ...SYMBOLS[ch], ...style }));
    } else {
      plain += ch;
    }
  }
  if (plain) runs.push(new TextRun({ text: plain, ...style }));
  return runs;
}

// A paragraph's runs: bold, links, and a soft line break where the report broke a line.
function paraRuns(para, style = {}) {
  const children = [];
  for (const run of para.runs) {
    const lines = run.text.split("\n");
    lines.forEach((line, index) => {
      const runStyle = { ...style, bold: run.bold || style.bold, break: index > 0 ? 1 : undefined };
      if (run.colour) runStyle.color = run.colour.startsWith("#") ? run.colour.slice(1) : "2E7D32";
      // A bold label ending in a colon is followed by a tab, as people align such lines in Word.
      if (options.label_tabs && run.bold && /:\s*$/.test(line)) {
        children.push(new TextRun({ ...runStyle, text: line.replace(/\s+$/, "") }));
        children.push(new TextRun({ children: [new Tab()] }));
        return;
      }
      if (run.link) {
        children.push(new ExternalHyperlink({ link: run.link, children: [new TextRun({ ...runStyle, text: line, style: "Hyperlink" })] }));
      } else {
        children.push(...textRuns(line, runStyle));
      }
    });
  }
  // A label's tab is followed by text that starts with a space in the export; Word shows none.
  return children;
}

function paragraphsOf(cell, style = {}) {
  if (!cell.length) return [new Paragraph({ children: [] })];
  if (options.cell_breaks === "soft" && cell.length > 1) {
    // The cell's paragraphs as one paragraph with soft line breaks (Shift+Enter).
    const runs = [];
    cell.forEach((para, index) => {
      const made = paraRuns(para, style);
      if (index > 0) runs.push(new TextRun({ break: 1 }));
      runs.push(...made);
    });
    return [new Paragraph({ children: runs, spacing: { after: 0 } })];
  }
  return cell.map((para) => new Paragraph({ children: paraRuns(para, style), spacing: { after: 40 } }));
}

function plainPara(text, style = {}) {
  return { runs: [{ text, bold: !!style.bold, link: null, colour: null }] };
}

// -- tables ----------------------------------------------------------------------------------

const thin = { style: BorderStyle.SINGLE, size: 4, color: "8C8C8C" };
const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
function tableBorders() {
  if (options.borders === "none") {
    return { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  }
  if (options.borders === "horizontal") {
    return { top: thin, bottom: thin, left: none, right: none, insideHorizontal: thin, insideVertical: none };
  }
  return { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };
}

function headerRow(header) {
  return new TableRow({
    tableHeader: options.repeat_header !== false,
    children: header.map((title) => new TableCell({
      shading: { type: ShadingType.CLEAR, fill: "D9E2F3", color: "auto" },
      children: [new Paragraph({ children: [new TextRun({ text: title, bold: true })], spacing: { after: 0 } })],
    })),
  });
}

function tableOf(rows, widths) {
  const layout = options.autofit ? TableLayoutType.AUTOFIT : TableLayoutType.FIXED;
  const tableOptions = {
    rows, layout, borders: tableBorders(), width: { size: 100, type: WidthType.PERCENTAGE },
  };
  // Preferred widths (twips of a 6.5 inch text column); an autofit table may change them.
  if (widths) tableOptions.columnWidths = widths.map((w) => Math.round(w * 93.6));
  return new Table(tableOptions);
}

const UNIT_HEADERS = ["Ansvar", "Ansvarig", "Ansvarig enhet", "Enhet"];

// How many rows down from each row its unit cell can be merged: the same unit on rows
// that follow each other is one cell, as people merge them in Word.
function rowSpans(rows, column) {
  const spans = rows.map(() => 1);
  if (column < 0 || !options.merge_units) return spans;
  const text = (row) => row[column].map((p) => p.runs.map((r) => r.text).join("")).join("\n");
  for (let i = 0; i < rows.length;) {
    let j = i + 1;
    while (j < rows.length && text(rows[j]) === text(rows[i]) && text(rows[i]) !== "") j++;
    spans[i] = j - i;
    for (let k = i + 1; k < j; k++) spans[k] = 0;
    i = j;
  }
  return spans;
}

function isStatusColumn(title) {
  return title === "Status" || title === "Läge";
}

function tableBlock(block) {
  const unitColumn = block.header.findIndex((h) => UNIT_HEADERS.includes(h));
  const spans = rowSpans(block.rows, unitColumn);
  const rows = [headerRow(block.header)];
  block.rows.forEach((row, r) => {
    const cells = [];
    row.forEach((cell, c) => {
      if (c === unitColumn && spans[r] === 0) return;
      const cellOptions = { children: paragraphsOf(cell) };
      if (c === unitColumn && spans[r] > 1) cellOptions.rowSpan = spans[r];
      const status = cell.length === 1 ? cell[0].runs.map((run) => run.text).join("").replace(/^[✓▶■⏸ ]+/, "") : "";
      if (options.status_fill && isStatusColumn(block.header[c]) && STATUS_FILL[status]) {
        cellOptions.shading = { type: ShadingType.CLEAR, fill: STATUS_FILL[status], color: "auto" };
      }
      cells.push(new TableCell(cellOptions));
    });
    rows.push(new TableRow({ children: cells, cantSplit: false }));
  });
  return [tableOf(rows, model.widths[String(block.header.length)]), new Paragraph({ children: [] })];
}

// The 2024 layout: per activity a row of title (with its unit), start and end date, and a
// row merged across the table for its description, status and comment.
function activityBlocks(block) {
  const rows = [headerRow(block.header)];
  for (const activity of block.activities) {
    const title = [new Paragraph({ children: [new TextRun({ text: activity.title, bold: true })], spacing: { after: 0 } })];
    if (activity.unit) {
      title.push(new Paragraph({ children: [new TextRun({ text: `• ${activity.unit}`, italics: true })], spacing: { after: 0 } }));
    }
    const date = (text) => new TableCell({ children: [new Paragraph({ children: [new TextRun(text)] })] });
    rows.push(new TableRow({ children: [new TableCell({ children: title }), date(activity.start), date(activity.end)] }));
    const body = [...activity.description];
    body.push(plainPara(activity.status, { bold: true }));
    body.push(...activity.comment);
    rows.push(new TableRow({
      children: [new TableCell({ columnSpan: 3, children: paragraphsOf(body) })],
    }));
  }
  return [tableOf(rows, model.widths["3"]), new Paragraph({ children: [] })];
}

// -- the document ----------------------------------------------------------------------------

function headingBlock(block) {
  const level = Math.min(block.level, 6) - 1;
  const paragraphOptions = { heading: HEADINGS[level], children: textRuns(block.text) };
  if (block.number_level !== undefined && block.number_level !== null) {
    // The number comes from Word's list numbering; the text holds none.
    paragraphOptions.children = textRuns(block.text.replace(/^\s*\d+(\.\d+)*\.?\s+/, ""));
    paragraphOptions.numbering = { reference: "headings", level: block.number_level };
  }
  return [new Paragraph(paragraphOptions)];
}

function blockElements(block) {
  switch (block.type) {
    case "heading":
      return headingBlock(block);
    case "paragraph":
      if (block.kind === "title") {
        return [new Paragraph({ children: paraRuns(block.para, { size: 32, bold: true }), alignment: AlignmentType.LEFT })];
      }
      return [new Paragraph({ children: paraRuns(block.para) })];
    case "bullets":
      return block.items.map((item) => new Paragraph({ children: textRuns(item), bullet: { level: 0 } }));
    case "table":
      return tableBlock(block);
    case "activity_blocks":
      return activityBlocks(block);
    default:
      throw new Error(`unknown block ${block.type}`);
  }
}

const numberingLevels = [0, 1, 2, 3].map((level) => ({
  level,
  format: LevelFormat.DECIMAL,
  text: Array.from({ length: level + 1 }, (_, i) => `%${i + 1}`).join(".") + (level === 0 ? "" : ""),
  alignment: AlignmentType.START,
  style: { paragraph: { indent: { left: 720 + 360 * level, hanging: 720 + 360 * level } } },
}));

const doc = new Document({
  creator: "Kommunförvaltningen",
  title: model.title,
  styles: {
    default: {
      document: {
        run: { font: options.font || "Calibri", size: (options.size || 11) * 2 },
        paragraph: { spacing: { after: 120 } },
      },
    },
  },
  numbering: { config: [{ reference: "headings", levels: numberingLevels }] },
  sections: [{
    properties: {
      page: {
        size: options.landscape ? { orientation: PageOrientation.LANDSCAPE } : {},
        margin: { top: 1300, bottom: 1200, left: 1200, right: 1200 },
      },
    },
    headers: {
      default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: model.header, color: "666666", size: 18 })] })] }),
    },
    footers: {
      default: new Footer({
        children: [new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: [new TextRun({ text: `${model.footer_title}\t`, size: 18 }),
            new TextRun({ children: ["Sida ", PageNumber.CURRENT, " av ", PageNumber.TOTAL_PAGES], size: 18 })],
        })],
      }),
    },
    children: model.blocks.flatMap(blockElements),
  }],
});

Packer.toBuffer(doc).then((buffer) => fs.writeFileSync(target, buffer));
