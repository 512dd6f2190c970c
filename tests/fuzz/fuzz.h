/* SPDX-License-Identifier: MIT */
/* fuzz.h - what every fuzz target shares (tests/fuzz/).
 *
 * Each fuzz-<target>.c defines LLVMFuzzerTestOneInput. Built with
 * -Dfuzzing=libfuzzer, libFuzzer provides main(); otherwise replay.c does,
 * feeding it every file of a seed corpus so that the normal test suite
 * runs the same code over tests/fuzz/corpus/<target>/. A target reports a
 * finding by crashing (abort, or a sanitizer report): FUZZ_CHECK.
 */
#ifndef WS_FUZZ_H
#define WS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant that must hold whatever the input: a crash if not. */
#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__,     \
                    __LINE__, #cond);                                       \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* A short article the data-file targets run their model over, so that
 * fuzzed names and rules are matched, not only parsed. */
#define FUZZ_ARTICLE                                                        \
    "Mr. Ana Ruiz, the mayor of Oslo, said: \xE2\x80\x9CWe will rebuild "   \
    "the port.\xE2\x80\x9D\n\xE2\x80\x9CIt will take years,\xE2\x80\x9D "   \
    "said Jens Stoltenberg, NATO's chief. The Prime Minister told MPs "     \
    "that the bill would pass. According to the European Commission, "     \
    "growth will slow. \"We see risks,\" its spokesman said. She added "    \
    "that \xC2\xAB" "prices\xC2\xBB would rise, Dr Zo\xC3\xAB Dubois of "   \
    "the IMF said on Tuesday."

#endif
