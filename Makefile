# cuwa build. `make` builds build/bin/cuwa (the compiler driver) and
# build/lib/libcuwa.a (the runtime linked into every program); `make test`
# runs the whole suite. Sources are picked up by directory, so a new file
# needs no edit here.
#   make SAN=1     AddressSanitizer + UndefinedBehaviorSanitizer build (build-san/)
#   make CC=clang  build with clang
CC      ?= cc
BUILD   ?= build
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter
DEPS    := -MMD -MP
# With SAN=1 the driver is built knowing SANFLAGS (CUWA_SANITIZE), and adds
# them to every compile and link of the programs it builds, so that their
# runtime (libcuwa, built with them too) runs under ASan+UBSan+LSan;
# build-san/sanitize-flags tells tests/run to link unit tests the same way.
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ifeq ($(SAN),1)
  BUILD  := build-san
  CFLAGS := -O1 -g $(SANFLAGS)
  LDSAN  := -fsanitize=address,undefined
  SANDEF := -DCUWA_SANITIZE='"$(SANFLAGS)"'
endif
# CUWA_LIBDIR: where programs look for optional libraries such as Dawn's
# libwebgpu_wrapper.so (scripts/install-webgpu puts it there).
ALL_CFLAGS = $(WARN) $(CFLAGS) -D_GNU_SOURCE -Iinclude -Isrc -DCUWA_LIBDIR='"$(abspath $(BUILD))/lib"'

COMPILER_SRC := $(wildcard src/util/*.c src/front/*.c src/ir/*.c src/back/*.c src/back/*/*.c)
DRIVER_SRC   := $(wildcard src/driver/*.c)
RUNTIME_SRC  := $(wildcard src/runtime/*.c src/runtime/cpu/*.c src/runtime/cuda/*.c src/runtime/webgpu/*.c)

obj = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(1))

.PHONY: all test clean
all: $(BUILD)/bin/cuwa $(BUILD)/lib/libcuwa.a $(BUILD)/include $(if $(SANDEF),$(BUILD)/sanitize-flags)

$(BUILD)/obj/driver/%.o: ALL_CFLAGS += $(SANDEF)

$(BUILD)/sanitize-flags:
	@mkdir -p $(BUILD)
	echo '$(SANFLAGS)' >$@

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPS) -c $< -o $@

$(BUILD)/lib/libcuwac.a: $(call obj,$(COMPILER_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/lib/libcuwa.a: $(call obj,$(RUNTIME_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The driver links libcuwa too: `cuwa devices` asks the runtime.
$(BUILD)/bin/cuwa: $(call obj,$(DRIVER_SRC)) $(BUILD)/lib/libcuwac.a $(BUILD)/lib/libcuwa.a
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ -lpthread -ldl -lm

# The driver finds headers at <bin>/../include, as in an installed tree.
$(BUILD)/include:
	@mkdir -p $(BUILD)
	ln -sfn ../include $@

test: all
	tests/run --build $(BUILD)

clean:
	rm -rf build build-san

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
