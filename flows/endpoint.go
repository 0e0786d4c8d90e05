package flows

import (
	"net"
	"net/url"
	"strings"
)

// CheckCredentialURL is the one rule for every URL that receives a
// credential (the generator's session cookie, a client secret or
// assertion, a user token, a token to introspect), wherever it was set:
// an absolute https:// URL, or http:// only to this machine (a loopback
// host: 127.0.0.0/8, ::1 or localhost), which is what Texas in a pod, a
// kubectl port-forward and the sandbox use. A typo such as http://
// to a real host would send the credential in cleartext across the
// network. The URL may not carry a user or password of its own: entratoken
// sends its own credentials.
//
// It returns what is wrong, quoting the value (password masked, cut
// short), or "" when the URL is fine.
func CheckCredentialURL(value string) string {
	if strings.TrimSpace(value) == "" {
		return "is not set"
	}
	q := Quote(MaskURL(value))
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return q + " is not an absolute http(s) URL like https://host/path"
	}
	if u.User != nil {
		return q + " holds a user name or password; remove the user:password@ part (entratoken sends its own credentials)"
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return q + " uses plain http:// to a host that is not this machine, which would send credentials unencrypted; " +
			"use https://, or http:// only to localhost, 127.0.0.1 or ::1"
	}
	return ""
}

// IsLoopbackHost reports a host name that can only mean this machine
// (localhost, 127.0.0.0/8, ::1): where plain http never leaves it.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// MaskURL hides the password of a URL's user:password@ part for a
// message, without parsing the URL, so a value that does not parse is
// masked too.
func MaskURL(s string) string {
	rest, prefix := s, ""
	if i := strings.Index(s, "://"); i >= 0 {
		prefix, rest = s[:i+3], s[i+3:]
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		at = delimitedPasswordEnd(rest)
	}
	if at < 0 {
		return s
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return s
	}
	return prefix + user + ":***" + rest[at:]
}

// delimitedPasswordEnd finds the '@' that ends user:password in rest when
// the password holds a '/', '?' or '#' (the URL then does not parse as
// meant): a user name without those, and after its ':' no port. -1 if
// there is none.
func delimitedPasswordEnd(rest string) int {
	user, pass, ok := strings.Cut(rest, ":")
	end := strings.IndexByte(pass, '@')
	if !ok || user == "" || strings.ContainsAny(user, "/?#@") || end < 0 {
		return -1
	}
	port := pass
	if i := strings.IndexAny(pass, "/?#"); i >= 0 {
		port = pass[:i]
	}
	if strings.Trim(port, "0123456789") == "" {
		return -1 // host:port/…@…: the '@' is in the path or the query
	}
	return len(user) + 1 + end
}

// checkURL is CheckCredentialURL naming the setting, for a *ConfigError.
func checkURL(name, value string) string {
	if msg := CheckCredentialURL(value); msg != "" {
		return name + " " + msg
	}
	return ""
}
