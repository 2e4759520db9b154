# CNN Lab. Two commands do everything on a fresh machine:
#   make serve   build and serve the app on http://127.0.0.1:8080
#   make test    run every test (native, wasm in Chromium, release build checks, Playwright)
#   make test-full   the same on the release build, with the full hostile sweep (200 random query
#                    strings per route) and the one-epoch ResNet-8-mini MNIST training
SHELL := /bin/bash
export PATH := $(CURDIR)/scripts/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve build test test-full sweep bench soak fmt lint clean train-mnist train-targets slow-network

setup:
	@scripts/setup.sh

serve: setup
	trunk --skip-version-check serve --release --address 127.0.0.1 --port 8080 --no-autoreload

build: setup
	@scripts/build.sh dist /

test: setup
	@scripts/test.sh

test-full: setup
	@TEST_FULL=1 scripts/test.sh

# The hostile-URL sweep alone, in full: the fixed corpus plus 200 random query strings per route
# (SWEEP_SEED=... reproduces a run's sample).
sweep: setup
	@SELFTEST=1 scripts/build.sh dist / >/dev/null
	@node scripts/rebase.mjs dist dist-sub /course/cnn/
	cd tests/e2e && HOSTILE_PER_ROUTE=$${HOSTILE_PER_ROUTE:-200} npx playwright test specs/hostile.spec.js --project=desktop

bench: setup
	@scripts/bench.sh

# A memory soak of /train (not part of `make test`): SOAK_MINUTES (default 10) of training, the
# worker's wasm memory and the page's JS heap every 10 s, and one `SOAK {...}` line with their growth.
soak: setup
	@scripts/soak.sh

# /train in headless Chromium with one worker, then with the data-parallel pool of two: time to
# 98 % and 99 % test accuracy and images/s on the page (and each worker's), the ratio two / one;
# the engine's own training figure in a fresh browser and the ratio page / engine; and, when the
# peer harness is available, threaded TF.js (2 threads) on LeNet-5 and the ratio to it.
train-targets: setup
	@scripts/train-targets.sh

# A lesson's first load on a slow network, on the release build served with gzip: Chromium's
# emulation of 1.6 Mbps down, 150 ms round trip and a 4x slower CPU; prints, for /connectivity and
# /train, the time to the lesson's words, to the first interactive control, and the bytes loaded.
slow-network: setup
	@scripts/build.sh dist-release / >/dev/null
	@cd tests/e2e && node slow-network.mjs ../../dist-release

# Trains the /train page's default recipe natively on the real MNIST and Fashion-MNIST assets:
# prints the test accuracy every 10,000 images and the time to 98 % / 99 %, rewrites the shipped
# pretrained weights (assets/pretrained/lenet5-modern.json, lenet5-modern-fashion.json) and records
# their final test accuracy in assets/pretrained/accuracy.json, which the page's own evaluation of
# the same weights must equal (tests/e2e/specs/train.spec.js, tests/it/data_pretrained.rs).
train-mnist: setup
	cargo run --release --bin train_mnist -- 3 assets/pretrained/lenet5-modern.json
	cargo run --release --bin train_mnist -- 4 assets/pretrained/lenet5-modern-fashion.json data=fashion

fmt:
	cargo fmt

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

clean:
	rm -rf dist dist-sub target screenshots
