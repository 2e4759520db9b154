// The input side of convert.mjs: reading the official IDX files (plain, or gzipped and inflated
// here) and checking one split's image/label pair; plus the two checksums the converter uses.
// No dependencies beyond Node itself. Every problem is a ConvertError naming the file.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export const ROWS = 28;
export const COLS = 28;
const IDX_IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
const IDX_LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension

export class ConvertError extends Error {}
export const fail = (msg) => {
  throw new ConvertError(msg);
};

// CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320), the same as src/data/mnist/crc32.rs.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const md5 = (buf) => createHash("md5").update(buf).digest("hex");

// Inflates a .gz file read into `buf`; `p` names it in errors.
function gunzip(p, buf) {
  if (buf.length < 2 || buf[0] !== 0x1f || buf[1] !== 0x8b) {
    fail(`${p}: not a valid gzip file (${buf.length} bytes, no gzip magic 1f 8b)`);
  }
  try {
    return zlib.gunzipSync(buf);
  } catch (e) {
    if (e.code === "Z_BUF_ERROR") {
      fail(`${p}: truncated gzip file (${buf.length} bytes: ${e.message})`);
    }
    fail(`${p}: not a valid gzip file (${e.message})`);
  }
}

// The bytes of `file` in `src`. A data set with `gzip` set reads `file.gz` (inflated) and falls
// back to the plain `file` when there is no .gz; otherwise only the plain file is read.
export function readInput(ds, src, file) {
  const names = ds.gzip ? [`${file}.gz`, file] : [file];
  const found = names.map((n) => path.join(src, n)).find((p) => fs.existsSync(p));
  if (!found) fail(`missing ${path.join(src, names[0])}\n  (${ds.missingHint})`);
  const buf = fs.readFileSync(found);
  return found.endsWith(".gz") ? gunzip(found, buf) : buf;
}

// Reads and checks one split's IDX pair of data set `ds`: header magic, dims, counts, sizes and
// labels always; in real mode (not opts.synthetic) also the official count, the per-class counts
// where the data set has them, and the MD5 of each (decompressed) file.
// Returns { count, labels: Buffer, pixels: Buffer, md5: [images, labels] }.
export function readSplit(ds, opts, split) {
  const spec = ds.official[split];
  const imgBuf = readInput(ds, opts.src, spec.images.file);
  const lblBuf = readInput(ds, opts.src, spec.labels.file);
  const where = (f) => `${split}: ${f}`;
  if (imgBuf.length < 16) fail(`${where(spec.images.file)}: ${imgBuf.length} bytes, no IDX header`);
  if (lblBuf.length < 8) fail(`${where(spec.labels.file)}: ${lblBuf.length} bytes, no IDX header`);
  const imgMagic = imgBuf.readUInt32BE(0);
  const lblMagic = lblBuf.readUInt32BE(0);
  if (imgMagic !== IDX_IMAGES_MAGIC) {
    fail(`${where(spec.images.file)}: magic ${imgMagic}, expected ${IDX_IMAGES_MAGIC}`);
  }
  if (lblMagic !== IDX_LABELS_MAGIC) {
    fail(`${where(spec.labels.file)}: magic ${lblMagic}, expected ${IDX_LABELS_MAGIC}`);
  }
  const count = imgBuf.readUInt32BE(4);
  const rows = imgBuf.readUInt32BE(8);
  const cols = imgBuf.readUInt32BE(12);
  const lblCount = lblBuf.readUInt32BE(4);
  if (rows !== ROWS || cols !== COLS) {
    fail(`${where(spec.images.file)}: images are ${rows}x${cols}, expected ${ROWS}x${COLS}`);
  }
  if (count !== lblCount) fail(`${split}: ${count} images but ${lblCount} labels`);
  if (opts.synthetic ? count < 1 : count !== spec.count) {
    fail(`${where(spec.images.file)}: ${count} images, expected ${opts.synthetic ? ">= 1" : spec.count}`);
  }
  const imgSize = 16 + count * rows * cols;
  if (imgBuf.length !== imgSize) {
    fail(`${where(spec.images.file)}: ${imgBuf.length} bytes, header implies ${imgSize}`);
  }
  if (lblBuf.length !== 8 + count) {
    fail(`${where(spec.labels.file)}: ${lblBuf.length} bytes, header implies ${8 + count}`);
  }
  const labels = lblBuf.subarray(8);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) {
    fail(`${where(spec.labels.file)}: label ${labels[bad]} at index ${bad}, ${ds.badLabel}`);
  }
  if (!opts.synthetic) {
    if (spec.perClass) {
      const hist = new Array(10).fill(0);
      for (const l of labels) hist[l]++;
      const off = hist.findIndex((n) => n !== spec.perClass);
      if (off >= 0) {
        fail(`${where(spec.labels.file)}: class ${off} has ${hist[off]} images, expected ${spec.perClass}`);
      }
    }
    for (const [f, buf] of [[spec.images, imgBuf], [spec.labels, lblBuf]]) {
      const got = md5(buf);
      if (got !== f.md5) fail(`${where(f.file)}: MD5 ${got}, official is ${f.md5}`);
    }
  }
  return { count, labels, pixels: imgBuf.subarray(16), md5: [md5(imgBuf), md5(lblBuf)] };
}
