/* render_int.h - what the batch reads of a context after a render. */
#ifndef MZ_RENDER_INT_H
#define MZ_RENDER_INT_H

#include "mujaz.h"

/* Pages of the context's last successful render (0 before any). */
int mz_context_pages(const mz_context *ctx);

#endif
