#ifndef PILNVEIDE_CARGON2_SHIM_H
#define PILNVEIDE_CARGON2_SHIM_H
#include <argon2.h>
#endif
