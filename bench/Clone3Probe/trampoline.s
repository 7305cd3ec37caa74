# The same instructions as runtime/Spawning/Clone3Trampoline.cs (x86_64):
# int trampoline(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
	.text
	.globl trampoline
trampoline:
	mov %rcx, %r8		# arg, out of the register syscall clobbers
	mov $435, %eax		# __NR_clone3
	syscall
	test %rax, %rax
	jz 1f
	ret			# parent: the pid, or -errno
1:
	xor %ebp, %ebp		# child: no frame above this one
	and $-16, %rsp
	mov %r8, %rdi
	call *%rdx		# fn(arg)
	mov %eax, %edi
	mov $60, %eax		# __NR_exit
	syscall
	ud2
	.section .note.GNU-stack,"",@progbits
