#ifndef DELAMBDA_CHDF5_SHIM_H
#define DELAMBDA_CHDF5_SHIM_H

#include <hdf5.h>
#include <stdio.h>
#include <string.h>

// HDF5 exposes its constants as macros over globals that exist only after H5open();
// Swift cannot import such macros, so these getters stand in for them.

static inline hid_t dl_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t dl_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t dl_h5s_all(void) { return H5S_ALL; }
static inline unsigned dl_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned dl_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned dl_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline hid_t dl_h5p_file_access(void) { return H5P_FILE_ACCESS; }

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

/// Creation properties that record no modification times, so that writing the same content twice
/// gives the same bytes: one for groups, one for datasets (created once, kept for the process).
static inline hid_t dl_group_creation_untimed(void) {
    static hid_t plist = -1;
    if (plist < 0) { plist = H5Pcreate(H5P_GROUP_CREATE); H5Pset_obj_track_times(plist, 0); }
    return plist;
}
static inline hid_t dl_dataset_creation_untimed(void) {
    static hid_t plist = -1;
    if (plist < 0) { plist = H5Pcreate(H5P_DATASET_CREATE); H5Pset_obj_track_times(plist, 0); }
    return plist;
}

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

// ---- Containment audit: a model file must not make libhdf5 read any other file. ----
//
// libhdf5 follows external links, external raw storage and virtual datasets into other files by
// default. dl_audit walks every link (H5Lvisit, which never follows soft or external links) and
// every object reached by hard links (H5Ovisit), and reports the first thing that points outside
// the file or declares more data than it stores.

enum {
    DL_AUDIT_OK = 0,
    DL_AUDIT_EXTERNAL_LINK = 1,
    DL_AUDIT_USER_LINK = 2,
    DL_AUDIT_SOFT_LINK_ESCAPES = 3,
    DL_AUDIT_EXTERNAL_STORAGE = 4,
    DL_AUDIT_VIRTUAL = 5,
    DL_AUDIT_UNSTORED = 6,
    DL_AUDIT_FAILED = 7,
};

typedef struct {
    int problem;
    /// The link or object, relative to the root ("model_weights/dense/dense/kernel:0").
    char path[1024];
    /// What it points to: a file and path, a target path, or sizes.
    char detail[1024];
    unsigned long long declared;
    unsigned long long stored;
} dl_audit_t;

static inline void dl_audit_note(dl_audit_t *audit, int problem, const char *path, const char *detail) {
    audit->problem = problem;
    snprintf(audit->path, sizeof audit->path, "%s", path);
    snprintf(audit->detail, sizeof audit->detail, "%s", detail ? detail : "");
}

/// Whether the soft link `path`, whose value is `target`, stays inside the group that holds it.
static inline int dl_soft_link_stays(const char *path, const char *target) {
    char group[1024];
    snprintf(group, sizeof group, "/%s", path);
    char *slash = strrchr(group, '/');
    if (slash) *slash = '\0';                      // the holding group, absolute ("" for the root)
    if (target[0] != '/') return strstr(target, "..") == NULL;   // relative: resolved inside the group
    size_t length = strlen(group);
    return strncmp(target, group, length) == 0 && target[length] == '/' && strstr(target, "..") == NULL;
}

static inline herr_t dl_audit_link(hid_t group, const char *name, H5L_type_t type, size_t size, void *data) {
    dl_audit_t *audit = (dl_audit_t *)data;
    if (type == H5L_TYPE_HARD) return 0;
    char value[1024] = {0};
    if (size >= sizeof value || H5Lget_val(group, name, value, sizeof value, H5P_DEFAULT) < 0) {
        dl_audit_note(audit, type == H5L_TYPE_SOFT ? DL_AUDIT_SOFT_LINK_ESCAPES : DL_AUDIT_USER_LINK, name,
                      "an unreadable link value");
        return 1;
    }
    if (type == H5L_TYPE_SOFT) {
        if (dl_soft_link_stays(name, value)) return 0;
        dl_audit_note(audit, DL_AUDIT_SOFT_LINK_ESCAPES, name, value);
        return 1;
    }
    if (type == H5L_TYPE_EXTERNAL) {
        unsigned flags = 0;
        const char *file = NULL, *object = NULL;
        char detail[1024] = "another file";
        if (H5Lunpack_elink_val(value, size, &flags, &file, &object) >= 0 && file && object)
            snprintf(detail, sizeof detail, "%s:%s", file, object);
        dl_audit_note(audit, DL_AUDIT_EXTERNAL_LINK, name, detail);
        return 1;
    }
    dl_audit_note(audit, DL_AUDIT_USER_LINK, name, "a user-defined link");
    return 1;
}

#if H5_VERSION_GE(1, 12, 0)
static inline herr_t dl_audit_link_visit(hid_t group, const char *name, const H5L_info2_t *info, void *data) {
    return dl_audit_link(group, name, info->type, info->type == H5L_TYPE_HARD ? 0 : info->u.val_size, data);
}
#else
static inline herr_t dl_audit_link_visit(hid_t group, const char *name, const H5L_info_t *info, void *data) {
    return dl_audit_link(group, name, info->type, info->type == H5L_TYPE_HARD ? 0 : info->u.val_size, data);
}
#endif

/// Checks one dataset's storage: no external raw data, no virtual mapping, and no fewer bytes
/// stored than declared when the data is not compressed (nor none at all when it is).
static inline herr_t dl_audit_dataset(hid_t dataset, const char *name, dl_audit_t *audit) {
    hid_t plist = H5Dget_create_plist(dataset);
    hid_t space = H5Dget_space(dataset);
    hid_t type = H5Dget_type(dataset);
    herr_t result = 0;
    if (plist < 0 || space < 0 || type < 0) {
        dl_audit_note(audit, DL_AUDIT_FAILED, name, "cannot read the dataset's layout");
        result = 1;
        goto done;
    }
    if (H5Pget_external_count(plist) > 0) {
        char file[1024] = "another file";
        off_t offset = 0;
        hsize_t size = 0;
        H5Pget_external(plist, 0, sizeof file, file, &offset, &size);
        dl_audit_note(audit, DL_AUDIT_EXTERNAL_STORAGE, name, file);
        result = 1;
        goto done;
    }
    if (H5Pget_layout(plist) == H5D_VIRTUAL) {
        char file[1024] = "another file";
        if (H5Pget_virtual_filename(plist, 0, file, sizeof file) < 0) snprintf(file, sizeof file, "another file");
        dl_audit_note(audit, DL_AUDIT_VIRTUAL, name, file);
        result = 1;
        goto done;
    }
    {
        int rank = H5Sget_simple_extent_ndims(space);
        hsize_t dims[H5S_MAX_RANK];
        unsigned long long declared = H5Tget_size(type);
        int overflow = rank < 0 || rank > H5S_MAX_RANK || H5Sget_simple_extent_dims(space, dims, NULL) < 0;
        for (int axis = 0; !overflow && axis < rank; axis++)
            overflow = __builtin_mul_overflow(declared, (unsigned long long)dims[axis], &declared);
        unsigned long long stored = H5Dget_storage_size(dataset);
        int compressed = H5Pget_layout(plist) == H5D_CHUNKED && H5Pget_nfilters(plist) > 0;
        if (overflow || (declared > 0 && (stored == 0 || (!compressed && stored < declared)))) {
            audit->declared = overflow ? ~0ULL : declared;
            audit->stored = stored;
            dl_audit_note(audit, DL_AUDIT_UNSTORED, name, "");
            result = 1;
        }
    }
done:
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    if (plist >= 0) H5Pclose(plist);
    return result;
}

#if H5_VERSION_GE(1, 12, 0)
static inline herr_t dl_audit_object_visit(hid_t root, const char *name, const H5O_info2_t *info, void *data) {
#else
static inline herr_t dl_audit_object_visit(hid_t root, const char *name, const H5O_info_t *info, void *data) {
#endif
    if (info->type != H5O_TYPE_DATASET) return 0;
    dl_audit_t *audit = (dl_audit_t *)data;
    hid_t dataset = H5Dopen2(root, name, H5P_DEFAULT);
    if (dataset < 0) {
        dl_audit_note(audit, DL_AUDIT_FAILED, name, "cannot open the dataset");
        return 1;
    }
    herr_t result = dl_audit_dataset(dataset, name, audit);
    H5Dclose(dataset);
    return result;
}

/// Audits the whole file `file`; fills `audit` and returns its problem (DL_AUDIT_OK when none).
static inline int dl_audit(hid_t file, dl_audit_t *audit) {
    memset(audit, 0, sizeof *audit);
#if H5_VERSION_GE(1, 12, 0)
    herr_t links = H5Lvisit2(file, H5_INDEX_NAME, H5_ITER_INC, dl_audit_link_visit, audit);
#else
    herr_t links = H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, dl_audit_link_visit, audit);
#endif
    if (audit->problem != DL_AUDIT_OK) return audit->problem;
    if (links < 0) {
        dl_audit_note(audit, DL_AUDIT_FAILED, "/", "cannot list the file's links");
        return audit->problem;
    }
#if H5_VERSION_GE(1, 12, 0)
    herr_t objects = H5Ovisit3(file, H5_INDEX_NAME, H5_ITER_INC, dl_audit_object_visit, audit, H5O_INFO_BASIC);
#else
    herr_t objects = H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, dl_audit_object_visit, audit, H5O_INFO_BASIC);
#endif
    if (audit->problem == DL_AUDIT_OK && objects < 0)
        dl_audit_note(audit, DL_AUDIT_FAILED, "/", "cannot visit the file's objects");
    return audit->problem;
}

#endif
