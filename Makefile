# kaoji — build, set-up, tests.  `make run` and `make test` work on a fresh Debian 12.

CC      ?= cc
PKGS    := harfbuzz harfbuzz-subset fontconfig libunibreak libdeflate
OPT     ?= -O2 -g
B       ?= build
CFLAGS  += $(OPT) -pthread -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Igen -I$(B)/gen
LDFLAGS += $(OPT) -pthread
LDLIBS  += -lhpdf -lcsv -lm
SAMPLE  := samples/2022
OUT     := out

# Debian packages kaoji needs to build, run and test.
DEB_PKGS := build-essential pkg-config libhpdf-dev libcsv-dev libcmocka-dev \
	libharfbuzz-dev libfontconfig-dev libunibreak-dev libdeflate-dev \
	poppler-utils qpdf time bc python3 \
	fonts-arphic-uming fonts-arphic-ukai fonts-lxgw-wenkai \
	fonts-wqy-zenhei fonts-wqy-microhei

LIB_SRC := $(filter-out gen/main.c,$(wildcard gen/*.c gen/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
GENERATED := $(B)/gen/catalog_2022.h
TESTS   := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps run test unit e2e asan-test bench clean
all: $(B)/kaoji

# Installs what is missing; needs root (or prints the command to run).
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "缺少软件包 / missing packages: $$missing"; \
		echo "请运行 / run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi; \
	echo "安装 / installing: $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

$(B)/kaoji: $(B)/gen/main.o $(B)/libkaoji.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $$(pkg-config --libs $(PKGS)) $(LDLIBS)

$(B)/libkaoji.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c $(GENERATED)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $$(pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

# The built-in catalog is samples/2022/items.csv itself, embedded as a C string.
$(B)/gen/catalog_2022.h: $(SAMPLE)/items.csv
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\r$$//' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp
	mv $@.tmp $@

$(B)/tests/%: tests/unit/%.c $(B)/libkaoji.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $$(pkg-config --cflags $(PKGS) cmocka) -o $@ $< $(B)/libkaoji.a \
		$$(pkg-config --libs $(PKGS) cmocka) $(LDLIBS)

run: deps $(B)/kaoji
	$(B)/kaoji check $(SAMPLE)
	$(B)/kaoji year $(SAMPLE) -o $(OUT)

test: deps
	@$(MAKE) --no-print-directory all $(TESTS)
	@tests/run.sh $(B) $(TESTS)

# The whole suite again under AddressSanitizer and UBSan, in its own build folder.
asan-test: deps
	@$(MAKE) --no-print-directory B=build/asan \
		OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

bench: deps $(B)/kaoji
	@tests/bench.sh $(B)/kaoji $(SAMPLE)

clean:
	rm -rf build $(OUT)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
