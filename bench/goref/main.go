// The reference Go program: exec.Command with SysProcAttr.Cloneflags, as Go users start sandboxes.
// Usage: goref FLAGS COMMAND [ARGS...], FLAGS a comma list of uts,ipc,pid,mnt,net,user (or "none").
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: goref FLAGS COMMAND [ARGS...]")
		os.Exit(2)
	}
	var flags uintptr
	names := map[string]uintptr{"uts": syscall.CLONE_NEWUTS, "ipc": syscall.CLONE_NEWIPC, "pid": syscall.CLONE_NEWPID,
		"mnt": syscall.CLONE_NEWNS, "net": syscall.CLONE_NEWNET, "user": syscall.CLONE_NEWUSER}
	for _, name := range strings.Split(os.Args[1], ",") {
		if name != "none" {
			flags |= names[name]
		}
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: flags}
	if flags&syscall.CLONE_NEWUSER != 0 {
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
	}
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			os.Exit(exit.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "goref:", err)
		os.Exit(125)
	}
}
