package config

import (
	"errors"
	"strings"
	"testing"
)

// Each bad file gives exactly this message; "@" stands for the file's path.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "timeout: 5s\ngeneratr_url: https://x\n",
			"@:2:1: unknown key \"generatr_url\"; known keys: generator_url, timeout, expiry_margin, clipboard_clear, auto_refresh, session_store, texas, entra, targets"},
		{"unknown texas key", "texas:\n  tokn_endpoint: http://x\n",
			"@:2:3: texas: unknown key \"tokn_endpoint\"; known keys: token_endpoint, exchange_endpoint, introspection_endpoint"},
		{"unknown entra key", "entra:\n  clientid: x\n",
			"@:2:3: entra: unknown key \"clientid\"; known keys: token_endpoint, client_id, issuer, env_file"},
		{"unknown target key", "targets:\n  - target: a:b:c\n  - target: a:b:d\n    flw: m2m\n",
			"@:4:5: targets[1]: unknown key \"flw\"; known keys: target, flow, source, note"},
		{"key case matters", "Timeout: 5s\n",
			"@:1:1: unknown key \"Timeout\"; known keys: generator_url, timeout, expiry_margin, clipboard_clear, auto_refresh, session_store, texas, entra, targets"},
		{"duration without unit", "timeout: 15\n",
			"@:1:10: timeout: \"15\" is not a duration; write it like 90s, 5m or 1h30m"},
		{"duration garbage", "expiry_margin: five minutes\n",
			"@:1:16: expiry_margin: \"five minutes\" is not a duration; write it like 90s, 5m or 1h30m"},
		{"negative duration", "clipboard_clear: -1s\n",
			"@:1:18: clipboard_clear: \"-1s\" is negative"},
		{"zero timeout", "timeout: 0s\n",
			"@:1:10: timeout: must be more than 0 (every HTTP call needs a time limit)"},
		{"url without scheme", "generator_url: azure-token-generator.intern.dev.nav.no\n",
			"@:1:16: generator_url: \"azure-token-generator.intern.dev.nav.no\" is not an absolute http(s) URL like https://host/path"},
		{"url wrong scheme", "texas:\n  token_endpoint: ftp://localhost/token\n",
			"@:2:19: texas.token_endpoint: \"ftp://localhost/token\" is not an absolute http(s) URL like https://host/path"},
		{"url relative", "texas:\n  exchange_endpoint: /api/v1/token/exchange\n",
			"@:2:22: texas.exchange_endpoint: \"/api/v1/token/exchange\" is not an absolute http(s) URL like https://host/path"},
		{"plain http to another host", "generator_url: http://azure-token-generator.intern.dev.nav.no\n",
			"@:1:16: generator_url: \"http://azure-token-generator.intern.dev.nav.no\" uses plain http:// to a host that is not this machine, which would send credentials unencrypted; use https://, or http:// only to localhost, 127.0.0.1 or ::1"},
		{"plain http to a private address", "texas:\n  token_endpoint: http://10.0.0.7:7164/api/v1/token\n",
			"@:2:19: texas.token_endpoint: \"http://10.0.0.7:7164/api/v1/token\" uses plain http:// to a host that is not this machine, which would send credentials unencrypted; use https://, or http:// only to localhost, 127.0.0.1 or ::1"},
		{"url no host", "entra:\n  issuer: 'https://'\n",
			"@:2:11: entra.issuer: \"https://\" is not an absolute http(s) URL like https://host/path"},
		{"bad flow", "targets:\n  - target: a:b:c\n  - target: a:b:d\n    flow: ob0\n",
			"@:4:11: targets[1].flow: \"ob0\" is not obo or m2m (leave flow out to be asked each time)"},
		{"bad source", "targets:\n  - target: a:b:c\n    source: azure\n",
			"@:3:13: targets[0].source: \"azure\" is not generator, texas or entra"},
		{"target with two parts", "targets:\n  - target: dev-gcp:team\n",
			"@:2:13: targets[0].target: target \"dev-gcp:team\": has 2 part(s) separated by \":\", needs 3; expected cluster:namespace:app (e.g. dev-gcp:my-team:my-app)"},
		{"target uppercase", "targets:\n  - target: Dev-gcp.team.app\n",
			"@:2:13: targets[0].target: target \"Dev-gcp.team.app\": cluster \"Dev-gcp\" must be lowercase; expected cluster:namespace:app (e.g. dev-gcp:my-team:my-app)"},
		{"duplicate target in other form", "targets:\n  - target: dev-gcp:team:app\n  - target: api://dev-gcp.team.app/.default\n",
			"@:3:13: targets[1].target: dev-gcp:team:app is listed twice (first at line 2); keep one entry"},
		{"missing target", "targets:\n  - flow: m2m\n",
			"@:2:5: targets[0]: has no target; every entry needs target: cluster:namespace:app"},
		{"empty target", "targets:\n  - target:\n    flow: m2m\n",
			"@:2:12: targets[0].target: is empty; write cluster:namespace:app"},
		{"key twice", "timeout: 5s\ntimeout: 6s\n",
			"@:2:1: timeout: is set twice (first at line 1)"},
		{"targets not a list", "targets: dev-gcp:team:app\n",
			"@:1:10: targets: must be a list of entries (- target: cluster:namespace:app), not a string"},
		{"target entry not a mapping", "targets:\n  - dev-gcp:team:app\n",
			"@:2:5: targets[0]: must be a mapping with the keys target, flow, source, note, not a string"},
		{"texas not a mapping", "texas: [http://x]\n",
			"@:1:8: texas: must be a mapping with the keys token_endpoint, exchange_endpoint, introspection_endpoint, not a list"},
		{"duration a list", "timeout: [1s]\n",
			"@:1:10: timeout: must be a duration, not a list"},
		{"note a mapping", "targets:\n  - target: a:b:c\n    note: {a: b}\n",
			"@:3:11: targets[0].note: must be a string, not a mapping"},
		{"bool yes", "auto_refresh: yes\n",
			"@:1:15: auto_refresh: \"yes\" is not true or false"},
		{"session store unknown", "session_store: vault\n",
			"@:1:16: session_store: \"vault\" is not one of keyring, file, none"},
		{"session store a list", "session_store: [file]\n",
			"@:1:16: session_store: must be one of keyring, file, none, not a list"},
		{"bool number", "auto_refresh: 1\n",
			"@:1:15: auto_refresh: \"1\" is not true or false"},
		{"file a list", "- target: a:b:c\n",
			"@:1:1: the file must hold settings as key: value lines, not a list"},
		{"file a string", "hello\n",
			"@:1:1: the file must hold settings as key: value lines, not a string"},
		{"key not a name", "[a, b]: c\n",
			"@:1:1: a key must be a plain name, not a list"},
		{"alias", "x: &t 5s\n",
			"@:1:1: unknown key \"x\"; known keys: generator_url, timeout, expiry_margin, clipboard_clear, auto_refresh, session_store, texas, entra, targets"},
		{"alias value", "expiry_margin: &m 5m\ntimeout: *m\n",
			"@:2:10: timeout: aliases (*name) are not supported; write the value out"},
		{"env_file ~user", "entra:\n  env_file: ~bob/app.env\n",
			"@:2:13: entra.env_file: only ~/ is expanded, not ~user; write the full path"},
		{"two documents", "timeout: 5s\n---\ntimeout: 6s\n",
			"@:2: a second YAML document starts here; the config file holds only one (remove the ---)"},
		{"every problem at once", "timeout: x\ntargets:\n  - target: a:b:c\n    flow: x\n",
			"@:1:10: timeout: \"x\" is not a duration; write it like 90s, 5m or 1h30m\n" +
				"@:4:11: targets[0].flow: \"x\" is not obo or m2m (leave flow out to be asked each time)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.yaml)
			c, err := Load(p)
			want := strings.ReplaceAll(tt.want, "@", p)
			if err == nil || err.Error() != want {
				t.Fatalf("Load:\n got %v\nwant %s", err, want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != p || c != nil {
				t.Errorf("want a *FileError for %s and no config, got %T and %v", p, err, c)
			}
		})
	}
}

// Syntax errors name the line the problem is on, even where yaml.v3 is off
// by one or names none.
func TestLoadSyntaxErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"bad indent", "timeout: 5s\ntexas:\n  token_endpoint: http://x\n exchange_endpoint: http://y\n",
			"@:4: YAML syntax error: did not find expected key"},
		{"list item in mapping", "timeout: 5s\nexpiry_margin: 1m\n- a\n",
			"@:3: YAML syntax error: did not find expected key"},
		{"unclosed flow mapping", "timeout: 5s\nexpiry_margin: 1m\nclipboard_clear: 1m\ntexas: {token_endpoint: x\n",
			"@:4: YAML syntax error: did not find expected ',' or '}'"},
		{"colon in value", "timeout: 5s\nnote: a: b\n",
			"@:2: YAML syntax error: mapping values are not allowed in this context"},
		{"colon on line 1", "note: a: b\n",
			"@:1: YAML syntax error: mapping values are not allowed in this context"},
		{"tab indent", "\ttimeout: 5s\n",
			"@:1: YAML syntax error: found character that cannot start any token (indent with spaces, not tabs)"},
		{"tab deeper", "texas:\n  token_endpoint: http://x\n\texchange_endpoint: http://y\n",
			"@:3: YAML syntax error: found a tab character that violates indentation (indent with spaces, not tabs)"},
		{"unclosed list at the end", "timeout: [5s\n",
			"@:1: YAML syntax error: did not find expected ',' or ']'"},
		{"unterminated quote", "timeout: 5s\ngenerator_url: \"https://x\n",
			"@:2: YAML syntax error: found unexpected end of stream"},
		{"bad utf-8", "timeout: 5s\nexpiry_margin: 1m\nnote: \xff\n",
			"@:3: is not UTF-8 text: save the file as UTF-8"},
		{"control character", "timeout: 5s\nnote: a\x01b\n",
			"@:2: YAML syntax error: control characters are not allowed"},
		{"unknown alias", "timeout: 5s\nexpiry_margin: *m\n",
			"@:2: YAML syntax error: unknown anchor 'm' referenced"},
		{"broken second document", "timeout: 5s\n---\ntexas: [\n",
			"@:3: YAML syntax error: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.yaml)
			_, err := Load(p)
			if want := strings.ReplaceAll(tt.want, "@", p); err == nil || err.Error() != want {
				t.Errorf("Load:\n got %v\nwant %s", err, want)
			}
		})
	}
}

func TestFileErrorCapsTheList(t *testing.T) {
	var b strings.Builder
	for range 15 {
		b.WriteString("- x\n")
	}
	p := writeConfig(t, "targets:\n"+b.String())
	_, err := Load(p)
	if err == nil {
		t.Fatal("Load accepted 15 bad entries")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 11 || lines[10] != "(and 5 more problems)" {
		t.Errorf("got %d lines, last %q; want 10 problems and a count of the rest", len(lines), lines[len(lines)-1])
	}
}
