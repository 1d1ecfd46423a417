#!/usr/bin/env perl
# Fails when a Swift source would not build on macOS because of a platform call (run by scripts/test).
#
# 1. A symbol only glibc has (mallopt, st_mtim, a non-optional posix_spawn_file_actions_t...) must sit
#    inside an `#if canImport(Glibc)` (or `os(Linux)`) branch.
# 2. A file that calls the C library (open, close, write, stat, rename, errno, posix_spawn, kill...)
#    must import it itself, behind `#if canImport(Glibc)` with an `#elseif canImport(Darwin)` branch,
#    instead of relying on Foundation happening to re-export Glibc on Linux.
# 3. Every `canImport(Glibc)` conditional has a Darwin branch.
#
# Usage: scripts/check_portability.pl [DIR...] (default: Sources)
use strict;
use warnings;
use File::Find;

my @roots = @ARGV ? @ARGV : ('Sources');
my $glibc_only = qr/\b(?:mallopt|malloc_trim|malloc_usable_size|pipe2|get_nprocs|sched_getaffinity|prctl|__errno_location|st_[amc]tim\b|O_TMPFILE|SOCK_CLOEXEC|posix_spawn_file_actions_t\(\)|posix_spawnattr_t\(\)|Glibc\.)/;
my $libc_call = qr/(?<![.\w])(?:open|close|write|read|stat|lstat|fstat|rename|unlink|strerror|posix_spawn\w*|waitpid|wait4|kill|poll|pipe|fcntl|sigaddset|sigemptyset|sigprocmask|pthread_sigmask|signal|dup2|isatty|getrusage|mkstemp|ftruncate|fsync|lseek)\(|(?<![.\w])(?:errno|environ|O_(?:RDONLY|WRONLY|RDWR|CREAT|EXCL|CLOEXEC|NONBLOCK)|SIG(?:PIPE|KILL|TERM|_IGN|_DFL)|S_IF(?:MT|REG|DIR|IFO))\b/;

my @problems;
find(sub {
    return unless /\.swift$/ && -f $_;
    my $path = $File::Find::name;
    return if $path =~ m{/CoreMLSpec/};    # generated protobuf code
    open(my $fh, '<', $_) or die "$path: $!";
    my @lines = <$fh>;
    close($fh);

    # The preprocessor branches in force: each entry is 'glibc', 'darwin' or 'other'.
    my @branches;
    my ($imports_glibc, $imports_darwin, $glibc_conditionals, $darwin_branches) = (0, 0, 0, 0);
    my @calls;
    # Names the file declares itself (a method `write`, a closure parameter `close`) are not the C library's.
    my %own;
    for my $line (@lines) {
        $own{$1} = 1 while $line =~ /\bfunc\s+(\w+)/g;
        $own{$1} = 1 while $line =~ /\b(?:let|var)\s+(\w+)/g;
        $own{$1} = 1 while $line =~ /[(,]\s*(?:\w+\s+)?(\w+)\s*:\s*(?:\@escaping\s*)?\(/g;
    }
    for my $n (0 .. $#lines) {
        my $line = $lines[$n];
        my $code = $line;
        $code =~ s{//.*$}{};
        $code =~ s{"(?:[^"\\]|\\.)*"}{""}g;
        if ($code =~ /^\s*#if\b(.*)/) {
            my $condition = $1;
            # `#if canImport(Glibc) || canImport(Darwin)` covers both platforms itself.
            $glibc_conditionals++ if $condition =~ /canImport\(Glibc\)/ && $condition !~ /canImport\(Darwin\)/;
            push @branches, ($condition =~ /canImport\(Glibc\)|os\(Linux\)/ ? 'glibc' : 'other');
            next;
        }
        if ($code =~ /^\s*#elseif\b(.*)/) {
            my $condition = $1;
            $darwin_branches++ if $condition =~ /canImport\(Darwin\)/;
            $branches[-1] = ($condition =~ /canImport\(Glibc\)|os\(Linux\)/ ? 'glibc' : 'other') if @branches;
            next;
        }
        if ($code =~ /^\s*#else\b/) { $branches[-1] = 'other' if @branches; next; }
        if ($code =~ /^\s*#endif\b/) { pop @branches; next; }
        my $in_glibc = grep { $_ eq 'glibc' } @branches;
        $imports_glibc = 1 if $code =~ /^\s*(?:\w+\s+)?import\s+Glibc\b/ && $in_glibc;
        $imports_darwin = 1 if $code =~ /^\s*(?:\w+\s+)?import\s+Darwin\b/;
        if ($code =~ /^\s*(?:\w+\s+)?import\s+Glibc\b/ && !$in_glibc) {
            push @problems, "$path:" . ($n + 1) . ": `import Glibc` outside `#if canImport(Glibc)`";
        }
        if ($code =~ $glibc_only && !$in_glibc) {
            push @problems, "$path:" . ($n + 1) . ": glibc-only symbol outside `#if canImport(Glibc)`: " . trim($line);
        }
        my $calls_libc = 0;
        while ($code =~ /$libc_call/g) {
            my ($name) = $& =~ /(\w+)/;
            $calls_libc = 1 unless $own{$name};
        }
        push @calls, $n + 1 if $calls_libc;
    }
    if (@calls && !($imports_glibc && $imports_darwin)) {
        push @problems, "$path:$calls[0]: calls the C library without importing it behind "
            . "`#if canImport(Glibc)` / `#elseif canImport(Darwin)`: " . trim($lines[$calls[0] - 1]);
    }
    if ($glibc_conditionals > $darwin_branches) {
        push @problems, "$path: a `#if canImport(Glibc)` without an `#elseif canImport(Darwin)` branch";
    }
}, @roots);

sub trim { my $s = shift; $s =~ s/^\s+|\s+$//g; return $s; }

if (@problems) {
    print STDERR "$_\n" for sort @problems;
    print STDERR scalar(@problems) . " portability problem(s): the code must also build on macOS\n";
    exit 1;
}
print "portability: no unguarded platform call\n";
