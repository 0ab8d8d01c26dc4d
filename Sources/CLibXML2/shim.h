#ifndef ESMIGRATE_CLIBXML2_SHIM_H
#define ESMIGRATE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its <unicode/*.h> clash with the ICU that Foundation bundles.
   Hiding ICU only changes the layout of xmlCharEncodingHandler, which esmigrate never touches
   except through pointers. */
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlreader.h>
#include <libxml/encoding.h>
/* xmlFree is a global function pointer: a Swift 6 data-race error to touch directly. */
static inline void esm_xml_free(void *p) { xmlFree(p); }
#endif
