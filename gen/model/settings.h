/* settings.h — the method's constants and policy choices (method.ini, then --set), defaults = 2022. */
#ifndef KAOJI_SETTINGS_H
#define KAOJI_SETTINGS_H

#include <stdbool.h>
#include <stdio.h>

#include "base/dec.h"
#include "model/printable.h"

typedef enum { TIE_COMPETITION, TIE_DENSE } tie_rank;
typedef enum { QUOTA_FLOOR, QUOTA_ROUND } quota_rounding;
typedef enum { TIES_INCLUDE, TIES_EXCLUDE, TIES_ERROR } boundary_ties;
typedef enum { BONUS_WINDOWS, BONUS_ALL } bonus_applies;
/* What a defective ballot (ballots.csv) does: it is void, or the run stops at it. */
typedef enum { BALLOT_VOID, BALLOT_ERROR } ballot_rule;
/* A blank rating: no vote for that unit (SPEC §7.14), or a defect of the ballot. */
typedef enum { BLANK_SKIP, BLANK_VOID, BLANK_ERROR } ballot_blank;

enum { CATEGORY_COUNT = 4 };

typedef struct {
	int year;                       /* 0 = taken from deductions.csv */
	int months;
	dec daily_weight;               /* fractions are dec too: 70% = 7000 */
	dec cap[CATEGORY_COUNT];        /* 工作纪律, 工作规范, 办件管理, 其他 */
	dec max_discipline_window, max_third_party, max_supervisors_window, max_leaders_window;
	dec max_discipline_subcenter, max_supervisors_subcenter, max_leaders_subcenter;
	dec rank_step;
	dec weight[4];                  /* 非常满意, 满意, 一般, 不满意 */
	dec very_satisfied_limit;
	ballot_rule ballot_limit_rule;  /* over the limit or a unit rated twice */
	ballot_blank ballot_blank;
	tie_rank tie_rank;
	dec excellent_ratio, bonus_ratio, good_ratio, promote_ratio, basic_ratio;
	dec subcenter_excellent_ratio, subcenter_good_ratio, subcenter_basic_ratio;
	bool district_excellent;
	bonus_applies bonus_applies;
	quota_rounding quota_rounding;
	boundary_ties boundary_ties;
	int staff_count;                /* -1 = not given */
	dec staff_excellent_ratio;
	/* Document settings: plain text for the templates. */
	char *issuer, *issuer_mark, *doc_number, *issue_date, *recipients, *cc, *printer,
	     *print_date, *bulletin_issuer;
	int bulletin_day;               /* the bulletin of month M is dated day N of month M+1 */
	int rectify_days;               /* the bulletin's deadline for reports: days after its date */
	int bulletin_bottom;            /* the bulletin names windows in the bottom N two months running; 0 = never */
	char *publicity_start, *publicity_end, *objection_contact;   /* the 公示稿 */
} settings;

void settings_default(settings *s);
void settings_free(settings *s);
/* Reads method.ini (absent file is fine); texts are checked against what the documents can
 * print (fonts, or NULL: the BMP only).  Returns 0, or -1 after reporting every bad line. */
int  settings_load(settings *s, const char *path, const printable_fonts *fonts);
/* Applies "key=value" from --set. */
int  settings_override(settings *s, const char *assignment, const printable_fonts *fonts);
/* What a key means, in Chinese ("成文日期"); the key itself when unknown. */
const char *settings_describe(const char *key);
/* The i-th key of the settings table (NULL past the last), with in *choices the values it
 * takes when they are few ("competition|dense", "true|false"), else NULL: shell completion. */
const char *settings_key(size_t i, const char **choices);
/* Writes every setting as key = value (for explain and check). */
void settings_print(const settings *s, FILE *fp);

#endif
