; Intent: under opt the pass takes the plugin's arguments as parameters,
; from the same table: an unknown one is an error listing the valid ones,
; an unknown profile one listing the known profiles, a profile file that
; cannot be read an error naming it. A profile file's library matches by
; name (opt sees no headers).
; RUN: not %opt %passplugin -passes='switchguard<frobnicate>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=ARG
; RUN: not %opt %passplugin -passes='switchguard<profiles=nosuch>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=PROF
; RUN: not %opt %passplugin -passes='switchguard<profile-file=%t.missing>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=FILE
; RUN: printf 'libraries:\n  - name: mylib\n    headers: [mylib.h]\n    primitives:\n      - {name: my_resume, role: resume, to: 1}\n' > %t.yaml
; RUN: %opt %passplugin -passes='switchguard<profile-file=%t.yaml;no-inline;verify>' -S %s | FileCheck %s

; ARG: switchguard: error: unknown switchguard pass parameter 'frobnicate'; valid parameters: profiles=LIST, profile-file=PATH, suppressions=PATH, no-instrument, no-inline, no-warn-must-switch, no-warn-blocking, no-summary, sibling-calls, werror, verify
; PROF: switchguard: error: unknown switchguard profile 'nosuch'; known profiles: ucontext, pcl,
; FILE: error: cannot read switchguard profile file '{{.*}}.missing'

declare void @my_resume(ptr)

; CHECK-LABEL: define void @step(
; CHECK-NEXT: [[P:%[0-9a-z.]+]] = call ptr @__swg_switch_enter(ptr null, ptr %co, ptr @__swg_site
; CHECK-NEXT: call void @my_resume(ptr %co)
; CHECK-NEXT: call void @__swg_switch_return(ptr [[P]], ptr @__swg_site
define void @step(ptr %co) {
  call void @my_resume(ptr %co)
  ret void
}
