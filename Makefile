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
	poppler-utils qpdf mupdf-tools ghostscript python3-fonttools time bc python3 \
	fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-lxgw-wenkai \
	fonts-wqy-zenhei fonts-wqy-microhei

# The Fandol faces (FandolFang is the only free simplified 仿宋) are OpenType/CFF files
# inside Debian's texlive-lang-chinese, which installs 1.3 GB of TeX with it.  Only the
# font files are taken out of the package (apt-get download, dpkg-deb), into build/fonts,
# where kaoji finds them beside its executable; the version is pinned and the files
# checked against fonts/fandol.sha256, so every machine embeds the same bytes.
FANDOL_PKG   := texlive-lang-chinese
FANDOL_VER   := 2022.20230122-1
FANDOL_FACES := FandolFang-Regular FandolSong-Regular FandolSong-Bold FandolHei-Regular FandolKai-Regular
FANDOL_SRC   := usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
FREE_FONTS   := build/fonts

LIB_SRC := $(filter-out gen/main.c,$(wildcard gen/*.c gen/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o)
GENERATED := $(B)/gen/catalog_2022.h
TESTS   := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

# libFuzzer needs clang and its runtime; only `make fuzz` installs them.
FUZZ_PKGS := clang libclang-rt-14-dev
FUZZ      := fuzz_csv fuzz_ini fuzz_template
FUZZ_SECONDS ?= 60

.PHONY: all deps fonts pdfjs run test unit e2e asan-test fuzz bench clean
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

# The free faces shipped with kaoji (see FANDOL_PKG above).
fonts: $(FREE_FONTS)/.fandol-$(FANDOL_VER)

$(FREE_FONTS)/.fandol-$(FANDOL_VER): fonts/fandol.sha256
	@mkdir -p build/deb $(FREE_FONTS)
	@cd build/deb && if ! ls $(FANDOL_PKG)_$(FANDOL_VER)_all.deb >/dev/null 2>&1; then \
		apt-get download -q $(FANDOL_PKG)=$(FANDOL_VER) 2>/dev/null || \
		{ [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get download -q $(FANDOL_PKG)=$(FANDOL_VER); } || \
		{ echo "无法下载 $(FANDOL_PKG)=$(FANDOL_VER)（Fandol 字体）/ cannot download the Fandol fonts"; exit 1; }; fi
	dpkg-deb --fsys-tarfile build/deb/$(FANDOL_PKG)_$(FANDOL_VER)_all.deb | \
		tar -x -C build/deb ./$(FANDOL_SRC) ./usr/share/doc/texlive-doc/fonts/fandol
	for f in $(FANDOL_FACES); do cp build/deb/$(FANDOL_SRC)/$$f.otf $(FREE_FONTS)/; done
	cp build/deb/usr/share/doc/texlive-doc/fonts/fandol/README $(FREE_FONTS)/Fandol-README
	cp build/deb/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz $(FREE_FONTS)/Fandol-COPYING.gz
	cd $(FREE_FONTS) && sha256sum -c --quiet $(CURDIR)/fonts/fandol.sha256
	rm -rf build/deb/usr
	@touch $@

# pdf.js (npm, tests only): a second PDF reader the text-extraction tests compare with.
pdfjs: build/pdfjs/node_modules/pdfjs-dist/package.json

# Node.js may come from another source than Debian (whose npm package conflicts with it):
# any node and npm will do; Debian's are installed only when there is none.
build/pdfjs/node_modules/pdfjs-dist/package.json: tests/pdfjs/package.json tests/pdfjs/package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } || \
		{ echo "缺少 node/npm（测试用）/ missing node and npm: sudo apt-get install nodejs npm"; exit 1; }
	@mkdir -p build/pdfjs
	cp tests/pdfjs/package.json tests/pdfjs/package-lock.json build/pdfjs/
	cd build/pdfjs && npm ci --omit=optional --silent --no-audit --no-fund
	@touch $@

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

# A libFuzzer target (built by `make fuzz` with clang in build/fuzz).
$(B)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h $(B)/libkaoji.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz $$(pkg-config --cflags $(PKGS)) -o $@ $< tests/fuzz/fuzz_common.c \
		$(B)/libkaoji.a $$(pkg-config --libs $(PKGS)) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libkaoji.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $$(pkg-config --cflags $(PKGS) cmocka) -o $@ $< $(B)/libkaoji.a \
		$$(pkg-config --libs $(PKGS) cmocka) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory fonts $(B)/kaoji
	$(B)/kaoji check $(SAMPLE)
	$(B)/kaoji year $(SAMPLE) -o $(OUT)

test: deps
	@$(MAKE) --no-print-directory fonts pdfjs all $(TESTS)
	@tests/run.sh $(B) $(TESTS)

# The whole suite again under AddressSanitizer and UBSan, in its own build folder.
asan-test: deps
	@$(MAKE) --no-print-directory B=build/asan \
		OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# The fuzz targets (tests/fuzz), each for FUZZ_SECONDS, under ASan+UBSan.
fuzz: deps
	@missing=$$(for p in $(FUZZ_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "请运行 / run: sudo apt-get install -y $$missing"; exit 1; fi; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang \
		OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		$(FUZZ:%=build/fuzz/tests/%)
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ)

bench: deps
	@$(MAKE) --no-print-directory fonts $(B)/kaoji
	@tests/bench.sh $(B)/kaoji $(SAMPLE)

clean:
	rm -rf build $(OUT)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
