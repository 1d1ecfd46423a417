#!/usr/bin/env bash
# Runs every command on every fixture and corpus file and records what each prints, its exit code
# and a digest of each file it writes, one line per result, into SNAPSHOT_DIR. Run it with the
# binary before and after a change that must not change behaviour, then `diff -r` the two folders.
#
#   scripts/snapshot_outputs.sh .build/debug/delambda /tmp/before
#   ... change, rebuild ...
#   scripts/snapshot_outputs.sh .build/debug/delambda /tmp/after && diff -r /tmp/before /tmp/after
#
# Temporary paths are replaced by OUT and timings by T so that two runs compare.
set -uo pipefail
# Swift seeds its hashing per process, so whatever a program emits in dictionary order differs from
# run to run; a fixed seed makes two runs comparable.
export SWIFT_DETERMINISTIC_HASHING=1
cd "$(dirname "$0")/.."
binary=$(realpath "${1:?usage: snapshot_outputs.sh DELAMBDA SNAPSHOT_DIR}")
snapshots=${2:?usage: snapshot_outputs.sh DELAMBDA SNAPSHOT_DIR}
mkdir -p "$snapshots"
snapshots=$(realpath "$snapshots")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

models=(Fixtures/models/*.h5 Fixtures/bad/* ../shared/corpus/files/*.h5)
rules=(Rules)

# Options a fixture needs: a global it reads, a function Keras 3 stored by name only.
extra_options() {
    case "$(basename "$1")" in
    global_scale.h5) echo "--define SCALE=0.5" ;;
    keras3_named.h5) echo "--function-source $work/euclid.py" ;;
    esac
}
cat >"$work/euclid.py" <<'PY'
from keras import ops
def euclidean_distance(vects):
    x, y = vects
    return ops.sqrt(ops.maximum(ops.sum(ops.square(x - y), axis=1, keepdims=True), 1e-7))
PY

# One run: its name, then the command. Records stdout, stderr, the exit code and a digest of
# every file left in the output folder.
record() {
    local name=$1
    shift
    local out="$work/out"
    rm -rf "$out" && mkdir -p "$out"
    (cd "$work" && "$@" >"$work/stdout" 2>"$work/stderr" </dev/null)
    local code=$?
    {
        echo "exit $code"
        echo "--- stdout"
        cat "$work/stdout"
        echo "--- stderr"
        cat "$work/stderr"
        echo "--- files"
        (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do
            if [[ $f == *.json ]]; then
                echo "$f"
                sed -E 's/"(seconds|models_per_second|worker_seconds|read|rules|recover|rewrite|lower|backend)": *[0-9.e+-]+/"\1": T/g' "$f"
            else
                echo "$f $(sha256sum <"$f" | cut -c1-64)"
            fi
        done)
    } | sed -E -e 's/"(models_per_second|worker_seconds|read|rules|recover|rewrite|lower|backend)": *[0-9.e+-]+/"\1": T/g' \
        -e "s#$work#WORK#g" -e "s#$PWD#REPO#g" -e 's/[0-9]+(\.[0-9]+)? ?(ms|s|models\/s)\b/T/g' \
        >"$snapshots/$name.txt"
}

for model in "${models[@]}"; do
    path=$(realpath "$model")
    base=$(basename "$model")
    options=$(extra_options "$model")
    # shellcheck disable=SC2086
    {
        record "$base.inspect" "$binary" inspect "$path" $options
        record "$base.inspect-json" "$binary" inspect "$path" --format json $options
        record "$base.explain" "$binary" explain "$path" $options
        record "$base.convert" "$binary" convert "$path" -o out/model.mlmodel $options
        record "$base.convert-json" "$binary" convert "$path" -o out/model.mlmodel --report-json $options
        record "$base.convert-deterministic" "$binary" convert "$path" -o out/model.mlmodel \
            --deterministic-sampling --exact $options
        record "$base.rewrite" "$binary" rewrite "$path" -o out/model.h5 $options
        record "$base.rewrite-keras2" "$binary" rewrite "$path" -o out/model.h5 --flavour keras2 $options
        record "$base.rewrite-keras3" "$binary" rewrite "$path" -o out/model.h5 --flavour keras3 $options
    }
done

record "lint.text" "$binary" lint "$PWD/Rules"
record "lint.json" "$binary" lint "$PWD/Rules" --format json
record "lint.sarif" "$binary" lint "$PWD/Rules" --format sarif
record "lint.bad" "$binary" lint "$PWD/Tests/RuleFilesTests" --format text

# Usage errors.
record "usage.no-args" "$binary"
record "usage.bad-extension" "$binary" convert "$PWD/Fixtures/models/multi_lambda.h5" -o out/model.txt
record "usage.missing" "$binary" inspect "$work/nope.h5"
record "usage.bad-define" "$binary" inspect "$PWD/Fixtures/models/multi_lambda.h5" --define 'x='
record "usage.bad-python" "$binary" inspect "$PWD/Fixtures/models/multi_lambda.h5" --python 9.9

# bulk over the fixtures, both targets, one job so that the order is fixed.
mkdir -p "$work/zoo"
cp Fixtures/models/multi_lambda.h5 Fixtures/models/lambda_math.h5 Fixtures/models/global_scale.h5 \
    Fixtures/bad/truncated.h5 "$work/zoo/"
record "bulk.mlmodel" "$binary" bulk "$work/zoo" -o out --jobs 1 --report out/report.json
record "bulk.h5" "$binary" bulk "$work/zoo" -o out --to h5 --jobs 1 --report out/report.json
record "bulk.h5-keras3" "$binary" bulk "$work/zoo" -o out --to h5 --flavour keras3 --jobs 1 \
    --report out/report.json
echo "$(find "$snapshots" -type f | wc -l) results in $snapshots"
