/* publish.h — a run's outputs appear in OUT_DIR all at once or not at all, whatever
 * happens to the process (kill -9, power cut, disk full, a destination that cannot be
 * replaced).
 *
 * Everything a run writes goes to a hidden stage folder inside OUT_DIR first.  Publishing
 * is journaled: the staged files are synced, the new set's manifest is written into the
 * stage, then the journal OUT_DIR/.kaoji-publish naming the stage is committed with one
 * rename — the instant the new set replaces the old.  Only then are the files moved into
 * place, the previous run's files that this run no longer makes removed (those its
 * manifest OUT_DIR/.kaoji-manifest names: kaoji never touches a file it did not write),
 * and the journal removed.  A run that dies before the commit leaves the old set and a
 * stale stage; one that dies after it leaves a journal.  The next kaoji that writes to
 * the folder (stage_recover, first thing) removes stale stages and completes an
 * interrupted publish, so the folder holds exactly the previous set or exactly the new
 * one.  One kaoji at a time writes a folder (flock on the folder). */
#ifndef KAOJI_PUBLISH_H
#define KAOJI_PUBLISH_H

/* Takes the folder's lock, completes a publish a killed run left half done, removes stale
 * stages; says on stderr what it did.  A folder that does not exist is left alone (nothing
 * is created for a run that fails on its data).  0, or -1 with errno (another kaoji holds
 * the folder: EWOULDBLOCK). */
int   stage_recover(const char *out_dir);
/* A new stage in out_dir (after stage_recover); NULL on failure (errno set).  SIGINT,
 * SIGTERM and SIGHUP remove it and end the process; so does running out of memory. */
char *stage_open(const char *out_dir);
/* Publishes the stage as described above.  0, or -1 with errno when nothing was published
 * (a destination cannot be replaced: checked before the commit; *what names it, caller
 * frees).  A failure after the commit is completed by the next run and reported so. */
int   stage_publish(const char *stage, const char *out_dir, char **what);
/* Removes the stage and what it holds. */
void  stage_discard(const char *stage);

#endif
