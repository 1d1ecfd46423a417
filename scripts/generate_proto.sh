#!/usr/bin/env bash
# Regenerates Sources/<name>Spec/*.pb.swift from Proto/<name>/*.proto, our own subsets of Apple's Core
# ML specification (`scripts/generate_proto.sh CoreML`, which also takes Proto/MIL/MIL.proto: the
# Model message holds an ML Program, so both live in one Swift module) and of the ONNX model format
# (`scripts/generate_proto.sh ONNX`). Run by hand after editing a .proto file, then commit the
# generated files.
#
# Needs protoc (Debian: apt-get install protobuf-compiler). The protoc-gen-swift plugin is built
# into .build-protoc (ignored by git) and rebuilt only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: scripts/generate_proto.sh CoreML|ONNX}
proto_dir=Proto/$name
out_dir=Sources/${name}Spec
if [[ ! -d "$proto_dir" ]]; then
    echo "error: no folder $proto_dir" >&2
    exit 2
fi
scratch=.build-protoc
# Folders generated into the same module as Proto/<name> because its messages import theirs.
extra_dirs=()
if [[ "$name" == CoreML ]]; then extra_dirs=(Proto/MIL); fi

if ! command -v protoc >/dev/null; then
    echo "error: protoc not found (apt-get install protobuf-compiler)" >&2
    exit 2
fi

# The plugin is the lowest swift-protobuf that Package.swift accepts: generated code runs on that
# runtime and on every later 1.x one, not on older ones. A throwaway package builds it, so it builds
# even while the Spec module is empty or broken.
version=$(sed -n 's|.*github.com/apple/swift-protobuf", from: "\([0-9.]*\)".*|\1|p' Package.swift)
if [[ -z "$version" ]]; then
    echo "error: no swift-protobuf dependency with from: \"X.Y.Z\" in Package.swift" >&2
    exit 2
fi
plugin_package="$scratch/plugin-$version"
plugin="$plugin_package/.build/release/protoc-gen-swift"
if [[ ! -x "$plugin" ]]; then
    echo "building protoc-gen-swift $version in $plugin_package ..." >&2
    mkdir -p "$plugin_package"
    cat >"$plugin_package/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ProtocGenSwift",
    dependencies: [.package(url: "https://github.com/apple/swift-protobuf", exact: "$version")]
)
MANIFEST
    swift build -c release --package-path "$plugin_package" --product protoc-gen-swift >&2
fi

proto_files=("$proto_dir"/*.proto)
proto_paths=(--proto_path="$proto_dir")
for dir in "${extra_dirs[@]}"; do
    proto_files+=("$dir"/*.proto)
    proto_paths+=(--proto_path="$dir")
done

mkdir -p "$out_dir"
rm -f "$out_dir"/*.pb.swift
protoc \
    --plugin=protoc-gen-swift="$plugin" \
    "${proto_paths[@]}" \
    --swift_out="$out_dir" \
    --swift_opt=Visibility=Public \
    "${proto_files[@]}"

# Generated code follows swift-protobuf's style, not ours: keep `swift format lint` off it (recent
# plugins already write this marker; add it when they do not).
for file in "$out_dir"/*.pb.swift; do
    if ! head -n 5 "$file" | grep -q '^// swift-format-ignore-file$'; then
        { echo "// swift-format-ignore-file"; cat "$file"; } >"$file.tmp"
        mv "$file.tmp" "$file"
    fi
done

echo "generated:" >&2
ls -l "$out_dir"/*.pb.swift >&2
