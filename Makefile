# The two commands of the README. Both install what is missing (scripts/bootstrap). `make run`
# builds the release preset and runs the collector; `make test` builds the asan preset
# (AddressSanitizer + UndefinedBehaviorSanitizer, and the fuzzers) and runs every test under it,
# then every fuzzer for 30 seconds (sanitizers/README.md, tests/fuzz/README.md).
PRESET    ?= release
BUILD_DIR := build/$(PRESET)
# Seconds per fuzzer for `make fuzz` (and for `make test`: FUZZ_SECONDS_TEST).
FUZZ_SECONDS ?= 60
FUZZ_SECONDS_TEST ?= 30

.PHONY: run test test-tsan test-release build package bootstrap format clean fuzz

run: build
	$(BUILD_DIR)/src/divolte-collector

test: bootstrap
	@$(MAKE) --no-print-directory build PRESET=asan
	scripts/run-tests asan --fuzz $(FUZZ_SECONDS_TEST)

# The whole suite under ThreadSanitizer (not part of `make test`: a second instrumented build).
test-tsan: bootstrap
	@$(MAKE) --no-print-directory build PRESET=tsan
	scripts/run-tests tsan

# The whole suite on the release build, with the package tests (cpack of what ships).
test-release: build
	scripts/run-tests release

build: bootstrap
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

# The four distributions (docs/packages.md) into $(BUILD_DIR)/packages, replacing older ones.
package: build
	rm -rf $(BUILD_DIR)/packages
	cd $(BUILD_DIR) && cpack --config CPackConfig.cmake
	@echo "Packages:"
	@find $(CURDIR)/$(BUILD_DIR)/packages -maxdepth 1 -type f | sort

# Every fuzzer of tests/fuzz for FUZZ_SECONDS each (the asan build; scripts/fuzz).
fuzz: bootstrap
	scripts/fuzz $(FUZZ_SECONDS)

bootstrap:
	scripts/bootstrap

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
