# kaoji — build, set-up, tests, install.  `make run` and `make test` work on a fresh Debian 12.

# The version, in this one place: `kaoji --version`, every PDF's /Producer and the man page take it from here.
VERSION := 1.0.0

CC      ?= cc
PKGS    := harfbuzz harfbuzz-subset fontconfig libunibreak libdeflate xlsxwriter
OPT     ?= -O2 -g
B       ?= build
# The project's own flags.  CPPFLAGS, CFLAGS and LDFLAGS are the builder's (dpkg-buildflags
# exports them): they come after these, so they add hardening or change -O without
# dropping -Werror, the include paths or -pthread.
KAOJI_CFLAGS  = $(OPT) -pthread -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Igen -I$(B)/gen
KAOJI_LDFLAGS = $(OPT) -pthread
LDLIBS  += -lcsv -lm
SAMPLE  := samples/2022
OUT     := out

# Where `make install` puts kaoji (DESTDIR is prepended to each; PKGDIR is compiled in as the
# last place kaoji looks for its templates and fonts).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share
PKGDIR  ?= $(SHAREDIR)/kaoji
MANDIR  ?= $(SHAREDIR)/man
COMPLETIONDIR ?= $(SHAREDIR)/bash-completion/completions
DOCDIR  ?= $(SHAREDIR)/doc/kaoji

# Debian packages kaoji needs to build and run (`make deps`, `make run`): the libraries and
# the free fonts.  A hall's office PC needs nothing else.
DEB_PKGS := build-essential pkg-config libcsv-dev \
	libharfbuzz-dev libfontconfig-dev libunibreak-dev libdeflate-dev libxlsxwriter-dev \
	fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai fonts-lxgw-wenkai \
	fonts-wqy-zenhei fonts-wqy-microhei
# What only the tests add (`make test-deps`): cmocka, the PDF readers the tests compare,
# fontTools, man (the man page is rendered), the tools of bench.sh, and LibreOffice Calc
# (headless, no GUI: xlsx.sh converts results.xlsx back to CSV) and unzip (its parts).
TEST_PKGS := libcmocka-dev poppler-utils qpdf mupdf-tools ghostscript python3-fonttools \
	python3 time bc man-db libreoffice-calc-nogui unzip

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

.PHONY: all deps test-deps fonts pdfjs run test unit e2e asan-test fuzz bench install uninstall clean FORCE
all: $(B)/kaoji $(B)/kaoji.1

# Installs the Debian packages of $(1) that are missing; needs root (or prints the command to run).
apt_install = @missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "缺少软件包 / missing packages: $$missing"; \
		echo "请运行 / run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi; \
	echo "安装 / installing: $$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null

# What building and running need.
deps:
	$(call apt_install,$(DEB_PKGS))

# Also what the tests need: the Debian packages, then pdf.js from npm.
test-deps: deps
	$(call apt_install,$(TEST_PKGS))
	@$(MAKE) --no-print-directory pdfjs

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
	$(CC) $(KAOJI_CFLAGS) $(CFLAGS) -o $@ $^ $(KAOJI_LDFLAGS) $(LDFLAGS) $$(pkg-config --libs $(PKGS)) $(LDLIBS)

$(B)/libkaoji.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/%.o: %.c $(GENERATED) | $(B)/gen/config.h
	@mkdir -p $(dir $@)
	$(CC) $(KAOJI_CFLAGS) $(CPPFLAGS) $(CFLAGS) $$(pkg-config --cflags $(PKGS)) -MMD -MP -c -o $@ $<

# The version and the compiled-in data folder, rewritten only when they change (a new PREFIX
# rebuilds the few files that include it, not everything).
$(B)/gen/config.h: FORCE
	@mkdir -p $(dir $@)
	@printf '/* config.h — written by the Makefile. */\n#define KAOJI_VERSION "%s"\n#define KAOJI_PKGDIR "%s"\n' \
		'$(VERSION)' '$(PKGDIR)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# The man page with this build's version and folders.  groff 1.22 knows no Chinese line
# breaking: a line of Chinese text joins the next without a space (\c), and a \: (a place
# it may break) goes between Chinese characters and after Chinese punctuation, never before it.
$(B)/kaoji.1: doc/kaoji.1 Makefile
	@mkdir -p $(dir $@)
	sed -e 's|@VERSION@|$(VERSION)|g; s|@PKGDIR@|$(PKGDIR)|g; s|@DOCDIR@|$(DOCDIR)|g' $< | \
		perl -CSD -Mutf8 -0777 -pe 's/^([^.\n][^\n]*(?:\p{sc=Han}|[，。、；：）”]))\n(?=\p{sc=Han}|[（“，。、；：）”])/$$1\\c\n/mg; \
			s/(\p{sc=Han})(?=\p{sc=Han}|[（“])/$$1\\:/g; s/([，。、；：）”])(?=[^，。、；：）”\n\\])/$$1\\:/g' >$@.tmp
	mv $@.tmp $@

# The built-in catalog is samples/2022/items.csv itself, embedded as a C string.
$(B)/gen/catalog_2022.h: $(SAMPLE)/items.csv
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\r$$//' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp
	mv $@.tmp $@

# A libFuzzer target (built by `make fuzz` with clang in build/fuzz).
$(B)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h $(B)/libkaoji.a
	@mkdir -p $(dir $@)
	$(CC) $(KAOJI_CFLAGS) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz $$(pkg-config --cflags $(PKGS)) -o $@ $< \
		tests/fuzz/fuzz_common.c $(B)/libkaoji.a $(KAOJI_LDFLAGS) $(LDFLAGS) $$(pkg-config --libs $(PKGS)) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libkaoji.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(KAOJI_CFLAGS) $(CPPFLAGS) $(CFLAGS) $$(pkg-config --cflags $(PKGS) cmocka) -o $@ $< $(B)/libkaoji.a \
		$(KAOJI_LDFLAGS) $(LDFLAGS) $$(pkg-config --libs $(PKGS) cmocka) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory fonts $(B)/kaoji
	$(B)/kaoji check $(SAMPLE)
	$(B)/kaoji year $(SAMPLE) -o $(OUT)

test: test-deps
	@$(MAKE) --no-print-directory fonts pdfjs all $(TESTS)
	@tests/run.sh $(B) $(TESTS)

# The whole suite again under AddressSanitizer and UBSan, in its own build folder.
asan-test: test-deps
	@$(MAKE) --no-print-directory B=build/asan \
		OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# The fuzz targets (tests/fuzz), each for FUZZ_SECONDS, under ASan+UBSan.
fuzz: deps
	$(call apt_install,$(FUZZ_PKGS))
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang \
		OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		$(FUZZ:%=build/fuzz/tests/%)
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ)

# bench.sh times with /usr/bin/time (a test-only package) and measures kaoji against Typst
# from npm (tests/bench/package.json pins the version, installed by npm ci into build/bench).
bench: deps
	$(call apt_install,time poppler-utils python3 fontconfig)
	@$(MAKE) --no-print-directory fonts $(B)/kaoji build/bench/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json
	@tests/bench.sh $(B)/kaoji $(SAMPLE)

# The Typst peer of `make bench` (npm): its native compiler is an optional dependency per
# platform, so optional packages are kept here (unlike pdf.js).
build/bench/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json: tests/bench/package.json tests/bench/package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } || \
		{ echo "缺少 node/npm（性能对比用）/ missing node and npm: sudo apt-get install nodejs npm"; exit 1; }
	@mkdir -p build/bench
	cp tests/bench/package.json tests/bench/package-lock.json build/bench/
	cd build/bench && npm ci --silent --no-audit --no-fund
	@touch $@

# What `make install` puts under $(PKGDIR): kaoji's templates, its fonts folder (fonts.map,
# the Fandol faces, their README and licence) and the 2022 sample year.
INSTALL       ?= install
SHARE_TEMPLATES := $(wildcard templates/*.tpl) templates/README.md
SHARE_FONTS    := fonts/fonts.map fonts/README.md $(FANDOL_FACES:%=$(FREE_FONTS)/%.otf) \
	$(FREE_FONTS)/Fandol-README $(FREE_FONTS)/Fandol-COPYING.gz
SHARE_SAMPLE   := $(wildcard $(SAMPLE)/*)

# Installs under $(DESTDIR)$(PREFIX): the program, its data folder, the man page, bash
# completion and the README.  kaoji finds its data beside itself (../share/kaoji), so the
# tree works wherever it is put; $(PKGDIR) is compiled in as the last place it looks.
install: all fonts
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGDIR)/templates $(DESTDIR)$(PKGDIR)/fonts \
		$(DESTDIR)$(PKGDIR)/samples/2022 $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 755 $(B)/kaoji $(DESTDIR)$(BINDIR)/kaoji
	$(INSTALL) -m 644 $(SHARE_TEMPLATES) $(DESTDIR)$(PKGDIR)/templates/
	$(INSTALL) -m 644 $(SHARE_FONTS) $(DESTDIR)$(PKGDIR)/fonts/
	$(INSTALL) -m 644 $(SHARE_SAMPLE) $(DESTDIR)$(PKGDIR)/samples/2022/
	$(INSTALL) -m 644 $(B)/kaoji.1 $(DESTDIR)$(MANDIR)/man1/kaoji.1
	$(INSTALL) -m 644 doc/kaoji.bash $(DESTDIR)$(COMPLETIONDIR)/kaoji
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md

# Removes what install put there; folders are removed only when empty, so the licensed
# fonts a hall put into $(PKGDIR)/fonts stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kaoji $(DESTDIR)$(MANDIR)/man1/kaoji.1 $(DESTDIR)$(COMPLETIONDIR)/kaoji \
		$(DESTDIR)$(DOCDIR)/README.md \
		$(addprefix $(DESTDIR)$(PKGDIR)/templates/,$(notdir $(SHARE_TEMPLATES))) \
		$(addprefix $(DESTDIR)$(PKGDIR)/fonts/,$(notdir $(SHARE_FONTS))) \
		$(addprefix $(DESTDIR)$(PKGDIR)/samples/2022/,$(notdir $(SHARE_SAMPLE)))
	for d in $(PKGDIR)/samples/2022 $(PKGDIR)/samples $(PKGDIR)/templates $(PKGDIR)/fonts $(PKGDIR) $(DOCDIR); do \
		rmdir $(DESTDIR)$$d 2>/dev/null || true; done

clean:
	rm -rf build $(OUT)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
