package kernel

var expKC, expMCdiv, expNC = 256, 2, 4096
