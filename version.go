package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at build time by the release (GoReleaser's default names):
//
//	-ldflags "-X main.version=1.2.0 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// Where one is empty, buildVersion takes it from the module's build info.
var (
	version = ""
	commit  = ""
	date    = ""
)

// build says which entratoken this is, for --version and bug reports.
type build struct {
	version, commit, date string
}

// buildVersion is the build of the running binary: the -ldflags values,
// else the module's build info (the module version of "go install …@v1.2.0",
// the VCS revision and time of a "go build" in a clone), else "dev" and
// "unknown".
func buildVersion() build {
	info, _ := debug.ReadBuildInfo()
	return resolveBuild(version, commit, date, info)
}

// resolveBuild is buildVersion with its inputs passed in, for tests.
func resolveBuild(version, commit, date string, info *debug.BuildInfo) build {
	b := build{version: version, commit: commit, date: date}
	if info != nil {
		if b.version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.version = info.Main.Version
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if b.commit == "" && settings["vcs.revision"] != "" {
			b.commit = settings["vcs.revision"]
			if settings["vcs.modified"] == "true" {
				b.commit += " (modified)"
			}
		}
		if b.date == "" {
			b.date = settings["vcs.time"]
		}
	}
	b.version = orDefault(b.version, "dev")
	b.commit = orDefault(b.commit, "unknown")
	b.date = orDefault(b.date, "unknown")
	return b
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// versionTemplate is cobra's template for --version: the version on the
// first line, as before, then what a bug report needs.
func (b build) versionTemplate() string {
	return fmt.Sprintf("{{.Name}} version %s\ncommit: %s\nbuilt:  %s\ngo:     %s %s/%s\n",
		b.version, b.commit, b.date, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
