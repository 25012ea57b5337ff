/* version.c — `kaoji --version` (-V): kaoji's version (the Makefile's VERSION), the versions of
 * the libraries that shape its PDFs (HarfBuzz subsets the fonts, libdeflate packs the streams), and the folders its templates and fonts come from. */
#include <stdio.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <libdeflate.h>

#include "config.h"
#include "base/paths.h"
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	int fc = FcGetVersion();
	printf("kaoji %s\n", KAOJI_VERSION);
	printf("HarfBuzz %s，fontconfig %d.%d.%d，libdeflate %s\n", hb_version_string(), fc / 10000, fc / 100 % 100,
	       fc % 100, LIBDEFLATE_VERSION_STRING);
	paths_describe(stdout, DATA_TEMPLATES);
	paths_describe(stdout, DATA_FONTS);
	return EXIT_OK;
}
