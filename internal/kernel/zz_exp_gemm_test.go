package kernel

import (
	"os"
	"strconv"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func init() {
	expKC = envInt("EXP_KC", 256)
	expMCdiv = envInt("EXP_MCDIV", 2)
	expNC = envInt("EXP_NC", 4096)
}
