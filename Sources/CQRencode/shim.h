#ifndef PILNVEIDE_CQRENCODE_SHIM_H
#define PILNVEIDE_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
