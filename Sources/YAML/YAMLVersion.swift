internal import CYAML

/// The version of libyaml this build links against (`0.2.5`).
///
/// The YAML reader proper arrives with the rule files; this keeps the wrapper module and its
/// link to libyaml honest from the start.
public enum YAMLLibrary {
    public static var version: String {
        String(cString: yaml_get_version_string())
    }
}
