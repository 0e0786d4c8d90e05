package flows

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeEnv(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "azure.env")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadEnvFile(t *testing.T) {
	jwk := `{"kty":"RSA","kid":"k#1","d":"a'b","n":"x=y"}`
	for _, tc := range []struct {
		name, content string
		want          map[string]string
	}{
		{"plain", "A=1\nB=two words\n", map[string]string{"A": "1", "B": "two words"}},
		{"export, comments, blanks, CRLF, BOM", "\uFEFF# secret dump\r\n\r\nexport A=1\r\n  export\tB = 2 # note\r\n#C=3\r\n", map[string]string{"A": "1", "B": "2"}},
		{"single-quoted JSON is taken as is", "AZURE_APP_JWK='" + strings.ReplaceAll(jwk, "'", "") + "' # key\n", map[string]string{"AZURE_APP_JWK": strings.ReplaceAll(jwk, "'", "")}},
		{"bare JSON keeps its # inside", "AZURE_APP_JWK=" + jwk, map[string]string{"AZURE_APP_JWK": jwk}},
		{"double quotes with escapes", `S="a \"b\" \\ c\td\n\x"`, map[string]string{"S": "a \"b\" \\ c\td\n\\x"}},
		{"empty values", "A=\nB=''\nC=\"\"", map[string]string{"A": "", "B": "", "C": ""}},
		{"later wins", "A=1\nA=2", map[string]string{"A": "2"}},
		{"= in the value", "URL=https://h/p?a=b", map[string]string{"URL": "https://h/p?a=b"}},
		{"a variable named export", "export=1", map[string]string{"export": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadEnvFile(writeEnv(t, tc.content))
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ReadEnvFile = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestReadEnvFileErrors(t *testing.T) {
	const secret = "hunter2-SECRET"
	for _, tc := range []struct {
		name, content, want string
	}{
		{"no =", "A=1\n" + secret, ":2: expected KEY=VALUE"},
		{"bad name", "A=1\n\n" + secret + " x=1", ":3: the name before '=' is not a variable name (letters, digits and _)"},
		{"open single quote", "AZURE_APP_CLIENT_SECRET='" + secret, ":1: AZURE_APP_CLIENT_SECRET: the single quote is not closed on this line (values must be on one line)"},
		{"open double quote", "S=\"" + secret + "\\\"", ":1: S: the double quote is not closed on this line (values must be on one line)"},
		{"text after the quote", "S='" + secret + "'" + secret, ":1: S: unexpected text after the closing quote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeEnv(t, tc.content)
			_, err := ReadEnvFile(path)
			if err == nil || err.Error() != path+tc.want {
				t.Fatalf("err = %v\nwant %q", err, path+tc.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Error("the error shows a value")
			}
		})
	}
}

func TestReadEnvFileFile(t *testing.T) {
	if _, err := ReadEnvFile(filepath.Join(t.TempDir(), "missing.env")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want not exist", err)
	}
	path := writeEnv(t, strings.Repeat("#", MaxLocalFile+1))
	if _, err := ReadEnvFile(path); err == nil || !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want larger than 1 MiB", err)
	}
}
