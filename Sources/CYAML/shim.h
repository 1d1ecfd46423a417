#ifndef DELAMBDA_CYAML_SHIM_H
#define DELAMBDA_CYAML_SHIM_H
#include <yaml.h>
#endif
