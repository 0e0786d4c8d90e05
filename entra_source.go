package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/entratoken/entratoken/flows"
)

// lazyEntra builds the Entra ID source on first use, so a missing or bad
// dotenv file only matters to someone who asks Entra for a token.
type lazyEntra struct {
	app  *app
	http *http.Client
	once sync.Once
	src  flows.Entra
	err  error
}

func (l *lazyEntra) load() (flows.Entra, error) {
	l.once.Do(func() {
		getenv := l.app.getenv
		settings := l.app.cfg.Entra
		if settings.EnvFile != "" {
			vars, err := flows.ReadEnvFile(settings.EnvFile)
			if err != nil {
				l.err = &flows.ConfigError{Source: flows.ViaEntra, Reason: "entra.env_file: " + err.Error()}
				return
			}
			base := getenv
			getenv = func(k string) string {
				if v, ok := vars[k]; ok {
					return v
				}
				return base(k)
			}
		}
		l.src = flows.EntraFromEnv(getenv, l.http)
		override(&l.src.TokenEndpoint, settings.TokenEndpoint)
		override(&l.src.ClientID, settings.ClientID)
		override(&l.src.Issuer, settings.Issuer)
	})
	return l.src, l.err
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
