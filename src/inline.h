/* SPDX-License-Identifier: MIT */
/* inline.h - inlining hints for the hot loops (tokenizer, JSON writer).
 *
 * ALWAYS_INLINE is for a function on the path of every token or every
 * string that the compiler, weighing its size against its callers', would
 * call out of line: the call and the registers it saves cost more than
 * the body. NOINLINE is for a rare path it would inline into such a loop,
 * where it takes registers that the common path then lacks. Without GCC
 * or clang they are plain hints or nothing.
 */
#ifndef WS_INLINE_H
#define WS_INLINE_H

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

#endif
