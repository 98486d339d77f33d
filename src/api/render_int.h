/* render_int.h - what the batch reads of a context after a render. */
#ifndef MZ_RENDER_INT_H
#define MZ_RENDER_INT_H

#include "mujaz.h"
#include "util/outfile.h"

/* Pages of the context's last successful render (0 before any). */
int mz_context_pages(const mz_context *ctx);

/* mz_render_file_ctx, but a complete output is handed back in *HELD, not
 * yet committed (mz_out_commit_to, then free), for a batch's committer. */
mz_status mz_render_file_held(mz_context *ctx, const char *input, const char *output, mz_out **held,
                              char *errbuf, size_t errlen);

#endif
