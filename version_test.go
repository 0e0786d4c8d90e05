package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestVersionStampedByLdflags builds the binary as the release does (the
// same -X names as .goreleaser.yaml) and reads --version back.
func TestVersionStampedByLdflags(t *testing.T) {
	stamped := filepath.Join(t.TempDir(), "entratoken")
	ldflags := "-X main.version=1.2.3 -X main.commit=0123456789abcdef0123456789abcdef01234567 -X main.date=2026-12-01T10:00:00Z"
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", stamped, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(stamped, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "entratoken version 1.2.3\n" +
		"commit: 0123456789abcdef0123456789abcdef01234567\n" +
		"built:  2026-12-01T10:00:00Z\n" +
		"go:     " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if string(out) != want {
		t.Errorf("--version printed\n%s\nwant\n%s", out, want)
	}
}

func TestVersionFallsBackToBuildInfo(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		want                  build
	}{
		{"go install …@v1.2.0: the module version, no VCS", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}},
			build{"v1.2.0", "unknown", "unknown"}},
		{"go build in a clone: the revision and its time", "", "", "",
			&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", "abc123", "vcs.time", "2026-11-30T09:00:00Z", "vcs.modified", "false")},
			build{"dev", "abc123", "2026-11-30T09:00:00Z"}},
		{"a clone with local changes says so", "", "", "",
			&debug.BuildInfo{Settings: vcs("vcs.revision", "abc123", "vcs.modified", "true")},
			build{"dev", "abc123 (modified)", "unknown"}},
		{"the -ldflags values win over the build info", "1.3.0", "def456", "2026-12-01T10:00:00Z",
			&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: vcs("vcs.revision", "abc123", "vcs.time", "2026-11-30T09:00:00Z")},
			build{"1.3.0", "def456", "2026-12-01T10:00:00Z"}},
		{"no build info at all", "", "", "", nil, build{"dev", "unknown", "unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolveBuild(tt.version, tt.commit, tt.date, tt.info); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
