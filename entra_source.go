package main

import (
	"context"
	"net/http"
	"os"
	"sync"

	"github.com/entratoken/entratoken/flows"
)

// lazyEntra builds the Entra ID source when it is used, so a missing or bad
// dotenv file only matters to someone who asks Entra for a token. The
// env_file is read again whenever it changed (a stat per use tells), so a
// rotated secret or a file created after a failure counts at the next
// fetch or retry, without a restart.
type lazyEntra struct {
	app  *app
	http *http.Client

	mu   sync.Mutex
	seen os.FileInfo // the env_file as last read; nil before, or when it was missing
	src  flows.Entra
	err  error
	done bool // src and err are set
}

func (l *lazyEntra) load() (flows.Entra, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	file := l.app.cfg.Entra.EnvFile
	var info os.FileInfo
	if file != "" {
		info, _ = os.Stat(file)
	}
	// A failure is tried again each time: it may be fixed by now.
	if l.done && l.err == nil && (file == "" || !changed(l.seen, info)) {
		return l.src, nil
	}
	l.src, l.err = l.build(file)
	l.seen, l.done = info, true
	return l.src, l.err
}

// changed reports an env_file that is not the one last read: created,
// removed, replaced, or written since.
func changed(before, now os.FileInfo) bool {
	if before == nil || now == nil {
		return before != now
	}
	return !os.SameFile(before, now) || !before.ModTime().Equal(now.ModTime()) || before.Size() != now.Size()
}

// build reads the settings: the environment, the env_file over it, the
// config over both.
func (l *lazyEntra) build(file string) (flows.Entra, error) {
	getenv := l.app.getenv
	if file != "" {
		vars, err := flows.ReadEnvFile(file)
		if err != nil {
			return flows.Entra{}, &flows.ConfigError{Source: flows.ViaEntra, Reason: "entra.env_file: " + err.Error()}
		}
		base := getenv
		getenv = func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			return base(k)
		}
	}
	src := flows.EntraFromEnv(getenv, l.http)
	settings := l.app.cfg.Entra
	override(&src.TokenEndpoint, settings.TokenEndpoint)
	override(&src.ClientID, settings.ClientID)
	override(&src.Issuer, settings.Issuer)
	return src, nil
}

// Via is always Entra.
func (l *lazyEntra) Via() flows.Via { return flows.ViaEntra }

// Describe is the Entra source's own description; it needs no settings,
// so the UI can call it without touching the disk.
func (l *lazyEntra) Describe(req flows.Request) string {
	return flows.Entra{}.Describe(req)
}

// CacheKey is the Entra source's own key.
func (l *lazyEntra) CacheKey(req flows.Request) string {
	src, _ := l.load()
	return src.CacheKey(req)
}

// Fetch loads the settings, then asks Entra.
func (l *lazyEntra) Fetch(ctx context.Context, req flows.Request) (flows.Issued, error) {
	src, err := l.load()
	if err != nil {
		return flows.Issued{}, err
	}
	return src.Fetch(ctx, req)
}
