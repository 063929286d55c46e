# The two commands of the README. Both install what is missing (scripts/bootstrap), build the
# release preset and then run the collector or every test.
PRESET    ?= release
BUILD_DIR := build/$(PRESET)
# Seconds per fuzzer for `make fuzz`.
FUZZ_SECONDS ?= 60

.PHONY: run test build package bootstrap format clean fuzz

run: build
	$(BUILD_DIR)/src/divolte-collector

test: build
	scripts/run-tests $(PRESET)

build: bootstrap
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

# The four distributions (docs/packages.md) into $(BUILD_DIR)/packages, replacing older ones.
package: build
	rm -rf $(BUILD_DIR)/packages
	cd $(BUILD_DIR) && cpack --config CPackConfig.cmake
	@echo "Packages:"
	@find $(CURDIR)/$(BUILD_DIR)/packages -maxdepth 1 -type f | sort

# Every fuzzer of tests/fuzz for FUZZ_SECONDS each (clang build, preset fuzz; scripts/fuzz).
fuzz: bootstrap
	scripts/fuzz $(FUZZ_SECONDS)

bootstrap:
	scripts/bootstrap

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
