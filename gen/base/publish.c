/* publish.c — staging, journaled publishing and recovery of a run's outputs (publish.h).
 *
 * Files, all in OUT_DIR:
 *   .kaoji-XXXXXX/      a run's stage: its outputs and, when publishing, .kaoji-manifest
 *   .kaoji-publish      the journal: the name of the stage being published (the commit)
 *   .kaoji-manifest     the files kaoji wrote there, one relative path a line; in a stage
 *                       each line is marked "+ " (this run's) or "= " (an earlier run's, kept)
 * A run replaces what it writes and, in a folder it writes (scorecards/), removes the
 * earlier runs' files it no longer makes (a renamed unit's scorecard); the other files of
 * earlier runs stay (a monthly run after a yearly one keeps the year's documents). */
#include "base/publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/util.h"

#define JOURNAL  ".kaoji-publish"
#define MANIFEST ".kaoji-manifest"
#define PREFIX   ".kaoji-"

/* A list of relative paths. */
typedef struct {
	char **p;
	size_t n, cap;
} paths;

/* The stage a signal must remove (set while one is open), and whether a publish is under
 * way (a signal then waits for it: the commit is past, the new set must be completed). */
static char live_stage[4096];
static volatile sig_atomic_t publishing, pending_signal;

/* Adds a copy of s. */
static void paths_add(paths *l, const char *s)
{
	GROW(l->p, l->n, l->cap);
	l->p[l->n++] = xstrdup(s);
}

/* Frees the list. */
static void paths_free(paths *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->p[i]);
	free(l->p);
	memset(l, 0, sizeof *l);
}

/* qsort order of paths. */
static int cmp_path(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Whether sorted l holds s. */
static int paths_has(const paths *l, const char *s)
{
	return l->n && bsearch(&s, l->p, l->n, sizeof *l->p, cmp_path) != NULL;
}

/* Syncs a file or folder to disk; 0 or -1. */
static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0) return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The stage's files being synced by several threads: each fsync waits for the disk to
 * flush its cache, and flushes asked for together are done as one (a province's 10,000
 * scorecards took 2 s synced one after another). */
typedef struct {
	const char *stage;
	const paths *files;
	size_t next;                    /* the next file a thread takes */
	size_t failed;                  /* the first file that failed (files->n: none) */
	int failed_errno;
	pthread_mutex_t lock;
} sync_job;

#define SYNC_THREADS 8

/* A syncing thread: syncs the next file until none is left or one has failed. */
static void *sync_worker(void *arg)
{
	sync_job *j = arg;
	for (;;) {
		pthread_mutex_lock(&j->lock);
		size_t i = j->failed == j->files->n ? j->next++ : j->files->n;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->files->n) return NULL;
		char *p = path_join(j->stage, j->files->p[i]);
		int rc = sync_path(p, 0), e = errno;
		free(p);
		if (rc) {
			pthread_mutex_lock(&j->lock);
			if (i < j->failed) { j->failed = i; j->failed_errno = e; }
			pthread_mutex_unlock(&j->lock);
		}
	}
}

/* Syncs every file of the stage; 0, or -1 with errno and *what the path of the first
 * (in list order) that failed. */
static int sync_files(const char *stage, const paths *files, char **what)
{
	sync_job j = { .stage = stage, .files = files, .failed = files->n };
	pthread_mutex_init(&j.lock, NULL);
	pthread_t tids[SYNC_THREADS];
	size_t n = 0;
	while (n < SYNC_THREADS && n < files->n && pthread_create(&tids[n], NULL, sync_worker, &j) == 0) n++;
	if (n == 0) sync_worker(&j);    /* no thread could be started */
	for (size_t i = 0; i < n; i++) pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&j.lock);
	if (j.failed == files->n) return 0;
	*what = path_join(stage, files->p[j.failed]);
	errno = j.failed_errno;
	return -1;
}

/* Lists the files under dir/rel (relative paths, sorted), and the folders in dirs. */
static int walk(const char *dir, const char *rel, paths *files, paths *dirs)
{
	char *here = rel[0] ? path_join(dir, rel) : xstrdup(dir);
	DIR *d = opendir(here);
	free(here);
	if (!d) return -1;
	struct dirent *e;
	int rc = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, MANIFEST)) continue;
		char *r = rel[0] ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		char *full = path_join(dir, r);
		struct stat st;
		if (lstat(full, &st)) rc = -1;
		else if (S_ISDIR(st.st_mode)) { paths_add(dirs, r); rc = walk(dir, r, files, dirs); }
		else paths_add(files, r);
		free(full);
		free(r);
	}
	closedir(d);
	if (files->n > 1) qsort(files->p, files->n, sizeof *files->p, cmp_path);
	if (dirs->n > 1) qsort(dirs->p, dirs->n, sizeof *dirs->p, cmp_path);
	return rc;
}

/* Reads a manifest: its paths in all, those marked "+ " also in mine (when not NULL);
 * an absent manifest is an empty list. */
static void read_manifest(const char *path, paths *all, paths *mine)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) return;
	for (char *s = text, *nl; *s; s = nl ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		if (nl) *nl = 0;
		int marked = (s[0] == '+' || s[0] == '=') && s[1] == ' ';
		const char *p = marked ? s + 2 : s;
		/* Only plain relative paths: a manifest is never trusted to reach outside. */
		if (*p && p[0] != '/' && !strstr(p, "..")) {
			paths_add(all, p);
			if (mine && marked && s[0] == '+') paths_add(mine, p);
		}
		if (!nl) break;
	}
	free(text);
	if (all->n > 1) qsort(all->p, all->n, sizeof *all->p, cmp_path);
	if (mine && mine->n > 1) qsort(mine->p, mine->n, sizeof *mine->p, cmp_path);
}

/* The folder part of a relative path ("" at the top). */
static size_t dir_len(const char *p)
{
	const char *slash = strrchr(p, '/');
	return slash ? (size_t)(slash - p) : 0;
}

/* Whether a file of an earlier run stays: this run does not write it, nor the folder it
 * is in (top-level files always stay). */
static int kept(const char *old, const paths *mine)
{
	if (paths_has(mine, old)) return 0;
	size_t d = dir_len(old);
	if (!d) return 1;
	for (size_t i = 0; i < mine->n; i++)
		if (dir_len(mine->p[i]) == d && !strncmp(mine->p[i], old, d)) return 0;
	return 1;
}

/* Writes text to path through a synced temporary file renamed into place; 0 or -1. */
static int write_synced(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0 ? -1 : 0;
	size_t n = strlen(text);
	if (!rc && write(fd, text, n) != (ssize_t)n) rc = -1;
	if (!rc && fsync(fd)) rc = -1;
	if (fd >= 0 && close(fd)) rc = -1;
	if (!rc && rename(tmp, path)) rc = -1;
	if (rc) { int e = errno; unlink(tmp); errno = e; }
	free(tmp);
	return rc;
}

/* Whether a file may be replaced or removed: not immutable or append-only (chattr), and
 * its folder writable. */
static int replaceable(const char *path)
{
	/* The folder it goes in, or the nearest one there is (where the rest is created). */
	char *dir = xstrdup(path), *slash;
	int ok = 0;
	while ((slash = strrchr(dir, '/'))) {
		*slash = 0;
		if (access(dir[0] ? dir : "/", F_OK) == 0) { ok = access(dir[0] ? dir : "/", W_OK | X_OK) == 0; break; }
	}
	if (!slash) ok = access(".", W_OK | X_OK) == 0;
	free(dir);
	if (!ok) return 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) return errno == ENOENT;
	int flags = 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL))) ok = 0;
	close(fd);
	if (!ok) errno = EPERM;
	return ok;
}

/* Waits KAOJI_TEST_PUBLISH_DELAY_US microseconds before each file is moved into place: a
 * test hook that widens the publish so a test can kill a run in the middle of it. */
static void test_delay(void)
{
	static long us = -1;
	if (us < 0) {
		const char *e = getenv("KAOJI_TEST_PUBLISH_DELAY_US");
		us = e ? atol(e) : 0;
	}
	if (us > 0) usleep((useconds_t)us);
}

/* Whether path lies in one of the top folders moved whole (a few, in walk's order). */
static int in_moved(const paths *moved, const char *path)
{
	for (size_t i = 0; i < moved->n; i++) {
		size_t n = strlen(moved->p[i]);
		if (!strncmp(path, moved->p[i], n) && path[n] == '/') return 1;
	}
	return 0;
}

/* Moves the stage's set into out_dir (steps after the commit; safe to repeat): the old
 * set's files the new one lacks are removed, the new ones renamed over the old, the
 * manifest moved, every folder synced, the journal and the stage removed.  Returns the
 * number of files of the new set, or -1 (errno) when a step fails. */
static int complete(const char *stage, const char *out_dir)
{
	char *smf = path_join(stage, MANIFEST), *omf = path_join(out_dir, MANIFEST);
	paths now = {0}, mine = {0}, old = {0}, files = {0}, dirs = {0};
	int rc = 0;
	read_manifest(smf, &now, &mine);
	int have_new = access(smf, F_OK) == 0;
	if (have_new) {
		read_manifest(omf, &old, NULL);
		for (size_t i = 0; i < old.n; i++)
			if (!paths_has(&now, old.p[i])) {
				char *p = path_join(out_dir, old.p[i]);
				if (unlink(p) && errno != ENOENT) rc = -1;
				free(p);
			}
		walk(stage, "", &files, &dirs);
		/* A top folder out_dir lacks (a first run's scorecards/) moves whole: one rename for
		 * a province's 10,000 files.  Done again after a crash, the stage no longer has it. */
		paths moved = {0};
		for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
			char *src = path_join(stage, dirs.p[i]), *dst = path_join(out_dir, dirs.p[i]);
			struct stat st;
			if (dir_len(dirs.p[i]) == 0 && lstat(dst, &st) && errno == ENOENT) {
				test_delay();
				if (rename(src, dst)) rc = -1;
				else paths_add(&moved, dirs.p[i]);
			}
			free(src);
			free(dst);
		}
		for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
			char *p = path_join(out_dir, dirs.p[i]);
			if (mkdir(p, 0777) && errno != EEXIST) rc = -1;
			free(p);
		}
		for (size_t i = 0; rc == 0 && i < files.n; i++) {
			if (in_moved(&moved, files.p[i])) continue;
			char *src = path_join(stage, files.p[i]), *dst = path_join(out_dir, files.p[i]);
			test_delay();
			if (rename(src, dst) && errno != ENOENT) rc = -1;
			free(src);
			free(dst);
		}
		paths_free(&moved);
		if (rc == 0 && rename(smf, omf)) rc = -1;
		for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
			char *p = path_join(out_dir, dirs.p[i]);
			sync_path(p, 1);
			free(p);
		}
	}
	char *journal = path_join(out_dir, JOURNAL);
	if (rc == 0) {
		sync_path(out_dir, 1);
		unlink(journal);
		sync_path(out_dir, 1);
		stage_discard(stage);
	}
	int saved = errno;
	free(journal);
	free(smf);
	free(omf);
	size_t n = mine.n;
	paths_free(&now);
	paths_free(&mine);
	paths_free(&old);
	paths_free(&files);
	paths_free(&dirs);
	errno = saved;
	return rc ? -1 : (int)n;
}

/* The folder's lock: flock on the folder itself (no file of ours in it for a run that
 * writes nothing), held for the life of the process. */
static int lock_fd = -1;

/* Takes the lock on an existing folder; 0 or -1 (EWOULDBLOCK: another kaoji has it). */
static int take_lock(const char *out_dir)
{
	if (lock_fd >= 0) return 0;
	lock_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock_fd < 0) return -1;
	if (flock(lock_fd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		close(lock_fd);
		lock_fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

/* Takes the lock, completes an interrupted publish, removes stale stages; a folder that
 * does not exist yet needs nothing (stage_open makes it). */
int stage_recover(const char *out_dir)
{
	struct stat st;
	if (stat(out_dir, &st)) return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
	if (take_lock(out_dir)) return -1;
	char *journal = path_join(out_dir, JOURNAL);
	size_t len;
	char *name = read_file(journal, &len);
	if (name) {
		name[strcspn(name, "\n")] = 0;
		char *stage = strncmp(name, PREFIX, strlen(PREFIX)) || strchr(name, '/') ? NULL : path_join(out_dir, name);
		int n = stage ? complete(stage, out_dir) : -1;
		if (n >= 0)
			fprintf(stderr, "kaoji: %s 中上次运行在发布时中断，已按其清单完成发布（%d 个文件）\n", out_dir, n);
		else if (!stage) unlink(journal);
		free(stage);
		free(name);
		if (n < 0 && errno) { free(journal); return -1; }
	}
	free(journal);
	DIR *d = opendir(out_dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) || strlen(e->d_name) != strlen(PREFIX) + 6) continue;
		char *p = path_join(out_dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			stage_discard(p);
			fprintf(stderr, "kaoji: 已删除上次中断的运行留下的临时文件夹 %s\n", p);
		}
		free(p);
	}
	if (d) closedir(d);
	return 0;
}

/* Removes everything under the open folder fd, with system calls only (a signal handler
 * may call it). */
static void rm_tree_at(int fd)
{
	char buf[4096];
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
		if (n <= 0) break;
		int removed = 0;
		for (long off = 0; off < n; ) {
			struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; } *de =
				(void *)(buf + off);
			off += de->reclen;
			if (!strcmp(de->name, ".") || !strcmp(de->name, "..")) continue;
			if (unlinkat(fd, de->name, 0) == 0) { removed = 1; continue; }
			int sub = openat(fd, de->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) { rm_tree_at(sub); close(sub); }
			if (unlinkat(fd, de->name, AT_REMOVEDIR) == 0) removed = 1;
		}
		if (!removed) break;
		lseek(fd, 0, SEEK_SET);
	}
}

/* Removes the open stage with system calls only: a signal handler calls it, and so does
 * the exit for want of memory, when nothing may allocate. */
static void remove_live_stage(void)
{
	if (!live_stage[0]) return;
	int fd = open(live_stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) { rm_tree_at(fd); close(fd); }
	rmdir(live_stage);
}

/* SIGINT, SIGTERM, SIGHUP: remove the stage and end as the signal would; during a publish,
 * wait for it to finish (the commit is past). */
static void on_signal(int sig)
{
	if (publishing) { pending_signal = sig; return; }
	remove_live_stage();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Removes the stage when the process ends for running out of memory (after the commit, the
 * journal lets the next run complete the publish instead). */
static void on_fatal(void)
{
	if (!publishing) remove_live_stage();
}

/* A new stage, removed by signals until published or discarded. */
char *stage_open(const char *out_dir)
{
	if (mkdir_p(out_dir) || take_lock(out_dir)) return NULL;
	char *t = path_join(out_dir, PREFIX "XXXXXX");
	if (!mkdtemp(t)) { free(t); return NULL; }
	if (strlen(t) < sizeof live_stage) {
		memcpy(live_stage, t, strlen(t) + 1);
		struct sigaction sa = { .sa_handler = on_signal };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		util_on_fatal(on_fatal);
	}
	return t;
}

/* Checks, syncs, commits and completes (see publish.h). */
int stage_publish(const char *stage, const char *out_dir, char **what)
{
	paths files = {0}, dirs = {0}, old = {0};
	char *omf = path_join(out_dir, MANIFEST), *smf = path_join(stage, MANIFEST);
	char *journal = path_join(out_dir, JOURNAL);
	int rc = walk(stage, "", &files, &dirs);
	*what = NULL;
	read_manifest(omf, &old, NULL);
	/* Before the commit: every folder the set needs must be a folder or creatable, every
	 * destination replaceable, every earlier file it drops removable. */
	for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
		char *p = path_join(out_dir, dirs.p[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode)) { errno = ENOTDIR; rc = -1; }
		else if (!replaceable(p)) rc = -1;
		if (rc) *what = p; else free(p);
	}
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		char *p = path_join(out_dir, files.p[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) { errno = EISDIR; rc = -1; }
		else if (!replaceable(p)) rc = -1;
		if (rc) *what = p; else free(p);
	}
	for (size_t i = 0; rc == 0 && i < old.n; i++) {
		if (!kept(old.p[i], &files) && !paths_has(&files, old.p[i])) {
			char *p = path_join(out_dir, old.p[i]);
			if (!replaceable(p)) { rc = -1; *what = p; } else free(p);
		}
	}
	/* Everything on disk before the commit, then the manifest: this run's files, and the
	 * earlier runs' that stay. */
	strbuf list = {0};
	if (rc == 0) rc = sync_files(stage, &files, what);
	for (size_t i = 0; rc == 0 && i < files.n; i++) {
		sb_add(&list, "+ ", 2);
		sb_add(&list, files.p[i], strlen(files.p[i]));
		sb_add(&list, "\n", 1);
	}
	for (size_t i = 0; rc == 0 && i < old.n; i++)
		if (kept(old.p[i], &files)) sb_printf(&list, "= %s\n", old.p[i]);
	for (size_t i = 0; rc == 0 && i < dirs.n; i++) {
		char *p = path_join(stage, dirs.p[i]);
		sync_path(p, 1);
		free(p);
	}
	if (rc == 0 && (write_synced(smf, list.s ? list.s : "") || sync_path(stage, 1))) { rc = -1; *what = xstrdup(smf); }
	/* The commit: from the journal's rename on, the new set is the folder's. */
	const char *name = strrchr(stage, '/') ? strrchr(stage, '/') + 1 : stage;
	char *line = xasprintf("%s\n", name);
	publishing = 1;
	if (rc == 0 && (write_synced(journal, line) || sync_path(out_dir, 1))) { rc = -1; *what = xstrdup(journal); }
	free(line);
	if (rc == 0 && complete(stage, out_dir) < 0) {
		rc = -1;
		*what = xasprintf("%s（已提交，下次运行会完成发布）", out_dir);
	}
	if (rc == 0) live_stage[0] = 0;
	publishing = 0;
	int saved = errno;
	free(list.s);
	free(omf);
	free(smf);
	free(journal);
	paths_free(&files);
	paths_free(&dirs);
	paths_free(&old);
	if (pending_signal) on_signal(pending_signal);
	errno = saved;
	return rc;
}

/* Removes the stage (any depth) and forgets it. */
void stage_discard(const char *stage)
{
	DIR *dir = opendir(stage);
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
			char *p = path_join(stage, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) stage_discard(p);
			else remove(p);
			free(p);
		}
		closedir(dir);
	}
	rmdir(stage);
	if (!strcmp(stage, live_stage)) live_stage[0] = 0;
}
