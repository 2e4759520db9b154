# CNN Lab. Two commands do everything on a fresh machine:
#   make serve   build and serve the app on http://127.0.0.1:8080
#   make test    run every test (native, wasm in Chromium, release build checks, Playwright)
SHELL := /bin/bash
export PATH := $(CURDIR)/scripts/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: setup serve build test bench soak fmt lint clean train-mnist train-targets

setup:
	@scripts/setup.sh

serve: setup
	trunk --skip-version-check serve --release --address 127.0.0.1 --port 8080 --no-autoreload

build: setup
	@scripts/build.sh dist /

test: setup
	@scripts/test.sh

bench: setup
	@scripts/bench.sh

# A memory soak of /train (not part of `make test`): SOAK_MINUTES (default 10) of training, the
# worker's wasm memory and the page's JS heap every 10 s, and one `SOAK {...}` line with their growth.
soak: setup
	@scripts/soak.sh

# /train in headless Chromium: time to 98 % and 99 % test accuracy and images/s on the page.
# Then the engine's own training figure in a fresh browser, and the ratio page / engine.
train-targets: setup
	@scripts/train-targets.sh

# Trains the /train page's default recipe natively on the real MNIST assets: prints the test
# accuracy every 10,000 images and the time to 98 % / 99 %, and rewrites the shipped pretrained
# weights (assets/pretrained/lenet5-modern.json). The in-browser figures: tests/e2e/specs/train.spec.js.
train-mnist: setup
	cargo run --release --bin train_mnist -- 3 assets/pretrained/lenet5-modern.json

fmt:
	cargo fmt

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

clean:
	rm -rf dist dist-sub target
