# tests/system/module.mk — system-mode test images and suites (see
# tests/system/README.md).
#
#   make system-images          kernels, initramfs and disk images into
#                               tests/cache/system/ (rebuilt when an input
#                               changes)
#   make check-system           (in make check) under SYSTEM_EMU (xrun, the
#                               default: $(BUILD)/xrun-system-arm; qemu:
#                               qemu-system-arm, to check the harness):
#                               run.sh with the armmp kernel on 1 cpu and the
#                               armmp-lpae kernel on 2, kill9.sh, the cheap
#                               checks on 4 cortex-a7 cpus, then cli.sh
#                               (command line and bare-metal programs)

SYSTEM_EMU ?= xrun

system-images:
	@bash tests/system/images.sh

check-system: system-images $(if $(filter xrun,$(SYSTEM_EMU)),$(BUILD)/xrun-system-arm)
	@pass=0; fail=0; 	for run in "1 - run.sh --kernel armmp" "2 - run.sh --kernel armmp-lpae" "1 - kill9.sh --kernel armmp" 	    "4 cortex-a7 run.sh --kernel armmp cpu memory compute" "1 - cli.sh"; do 	  set -- $$run; smp=$$1; cpu=$${2#-}; script=$$3; shift 3; 	  out=$$(SMP=$$smp CPU=$$cpu BUILD=$(BUILD) bash tests/system/$$script --emu $(SYSTEM_EMU) "$$@" 2>&1); rc=$$?; 	  printf '%s\n' "$$out" | grep -v '^PASS'; 	  line=$$(printf '%s\n' "$$out" | grep -E '^system: [0-9]+ passed, [0-9]+ failed' | tail -n 1); 	  p=$$(printf '%s' "$$line" | sed -n 's/^system: \([0-9]*\) passed.*/\1/p'); 	  f=$$(printf '%s' "$$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p'); 	  if [ -z "$$p" ]; then p=0; f=1; echo "FAIL system: $$run gave no summary (rc=$$rc)"; fi; 	  if [ $$rc != 0 ] && [ "$$f" = 0 ]; then f=1; echo "FAIL system: $$run exit code $$rc"; fi; 	  pass=$$((pass + p)); fail=$$((fail + f)); 	done; 	echo "system: $$pass passed, $$fail failed"; [ $$fail = 0 ]
CHECK_TARGETS += check-system

.PHONY: system-images check-system

-include tests/system/kvm/module.mk
