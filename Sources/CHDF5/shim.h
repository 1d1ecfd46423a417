#ifndef DELAMBDA_CHDF5_SHIM_H
#define DELAMBDA_CHDF5_SHIM_H

#include <hdf5.h>

// HDF5 exposes its constants as macros over globals that exist only after H5open();
// Swift cannot import such macros, so these getters stand in for them.

static inline hid_t dl_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t dl_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t dl_h5s_all(void) { return H5S_ALL; }
static inline unsigned dl_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned dl_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned dl_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }

static inline hid_t dl_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t dl_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t dl_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t dl_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t dl_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t dl_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t dl_c_s1(void) { return H5T_C_S1; }
static inline hid_t dl_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t dl_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t dl_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t dl_std_i32le(void) { return H5T_STD_I32LE; }
static inline size_t dl_variable_size(void) { return H5T_VARIABLE; }

/// Number of attributes on an object, across the 1.10 and 1.12+ H5Oget_info APIs.
static inline long long dl_num_attrs(hid_t obj) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(obj, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (long long)info.num_attrs;
}

#endif
