;; Cross products of return columns for WindowCrossProducts (windowCross.ts), with 128-bit SIMD:
;; each f64x2 lane sums every other row, so one instruction does two rows' multiply-adds.
;; `npm run wasm` assembles this file into gramWasm.bytes.ts (a unit test checks they agree).
;;
;; gram(x, off, c, p0, p1, q0, q1, from, to, out, sign):
;;   out[p c + q] += sign * sum_{r in [from, to)} x[off[p] + r] x[off[q] + r]
;;   for p in [p0, p1) and q in [max(p, q0), q1): a 2 x 4 tile of pairs per step (eight f64x2
;;   accumulators and six loads fit the sixteen vector registers). The tile's second row also
;;   fills a few entries below the diagonal, which callers ignore (as the JS kernel does).
;; x, off and out are byte addresses in the imported memory: x of f64 values, off of i32
;; element offsets into x, out of a c x c row-major f64 matrix.
(module
  (import "env" "memory" (memory 1))
  (func (export "gram")
    (param $x i32) (param $off i32) (param $c i32) (param $p0 i32) (param $p1 i32)
    (param $q0 i32) (param $q1 i32) (param $from i32) (param $to i32) (param $out i32) (param $sign f64)
    (local $p i32) (local $q i32) (local $r i32) (local $last i32) (local $two i32)
    (local $a0 i32) (local $a1 i32) (local $o0 i32) (local $o1 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $u v128) (local $v v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    ;; byte offsets of rows: [from, last) are read in pairs, a last odd row alone
    (local.set $from (i32.shl (local.get $from) (i32.const 3)))
    (local.set $to (i32.shl (local.get $to) (i32.const 3)))
    (local.set $last (i32.sub (local.get $to)
      (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const 8))))
    (local.set $p (local.get $p0))
    (block $pdone
      (loop $ploop
        (br_if $pdone (i32.ge_s (local.get $p) (local.get $p1)))
        (local.set $two (i32.lt_s (i32.add (local.get $p) (i32.const 1)) (local.get $p1)))
        (local.set $a0 (i32.add (local.get $x) (i32.shl
          (i32.load (i32.add (local.get $off) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3))))
        (local.set $a1 (select
          (i32.add (local.get $x) (i32.shl
            (i32.load offset=4 (i32.add (local.get $off) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3)))
          (local.get $a0)
          (local.get $two)))
        (local.set $o0 (i32.add (local.get $out) (i32.shl (i32.mul (local.get $p) (local.get $c)) (i32.const 3))))
        (local.set $o1 (i32.add (local.get $o0) (i32.shl (local.get $c) (i32.const 3))))
        (local.set $q (select (local.get $p) (local.get $q0) (i32.gt_s (local.get $p) (local.get $q0))))
        ;; four columns at a time
        (block $qdone
          (loop $qloop
            (br_if $qdone (i32.ge_s (i32.add (local.get $q) (i32.const 3)) (local.get $q1)))
            (local.set $b0 (i32.add (local.get $x) (i32.shl
              (i32.load (i32.add (local.get $off) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3))))
            (local.set $b1 (i32.add (local.get $x) (i32.shl
              (i32.load offset=4 (i32.add (local.get $off) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3))))
            (local.set $b2 (i32.add (local.get $x) (i32.shl
              (i32.load offset=8 (i32.add (local.get $off) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3))))
            (local.set $b3 (i32.add (local.get $x) (i32.shl
              (i32.load offset=12 (i32.add (local.get $off) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3))))
            (local.set $s00 (v128.const f64x2 0 0)) (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s02 (v128.const f64x2 0 0)) (local.set $s03 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0)) (local.set $s11 (v128.const f64x2 0 0))
            (local.set $s12 (v128.const f64x2 0 0)) (local.set $s13 (v128.const f64x2 0 0))
            (local.set $r (local.get $from))
            (block $rdone
              (loop $rloop
                (br_if $rdone (i32.ge_s (local.get $r) (local.get $last)))
                (local.set $u (v128.load (i32.add (local.get $a0) (local.get $r))))
                (local.set $v (v128.load (i32.add (local.get $a1) (local.get $r))))
                (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $r))))
                (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $r))))
                (local.set $y2 (v128.load (i32.add (local.get $b2) (local.get $r))))
                (local.set $y3 (v128.load (i32.add (local.get $b3) (local.get $r))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $u) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $u) (local.get $y1))))
                (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $u) (local.get $y2))))
                (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $u) (local.get $y3))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $v) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $v) (local.get $y1))))
                (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $v) (local.get $y2))))
                (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $v) (local.get $y3))))
                (local.set $r (i32.add (local.get $r) (i32.const 16)))
                (br $rloop)))
            ;; an odd last row: lane 1 of every load is zero
            (if (i32.lt_s (local.get $last) (local.get $to))
              (then
                (local.set $u (v128.load64_zero (i32.add (local.get $a0) (local.get $last))))
                (local.set $v (v128.load64_zero (i32.add (local.get $a1) (local.get $last))))
                (local.set $y0 (v128.load64_zero (i32.add (local.get $b0) (local.get $last))))
                (local.set $y1 (v128.load64_zero (i32.add (local.get $b1) (local.get $last))))
                (local.set $y2 (v128.load64_zero (i32.add (local.get $b2) (local.get $last))))
                (local.set $y3 (v128.load64_zero (i32.add (local.get $b3) (local.get $last))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $u) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $u) (local.get $y1))))
                (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $u) (local.get $y2))))
                (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $u) (local.get $y3))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $v) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $v) (local.get $y1))))
                (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $v) (local.get $y2))))
                (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $v) (local.get $y3))))))
            (call $addSum (i32.add (local.get $o0) (i32.shl (local.get $q) (i32.const 3))) (local.get $s00) (local.get $sign))
            (call $addSum (i32.add (local.get $o0) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 3))) (local.get $s01) (local.get $sign))
            (call $addSum (i32.add (local.get $o0) (i32.shl (i32.add (local.get $q) (i32.const 2)) (i32.const 3))) (local.get $s02) (local.get $sign))
            (call $addSum (i32.add (local.get $o0) (i32.shl (i32.add (local.get $q) (i32.const 3)) (i32.const 3))) (local.get $s03) (local.get $sign))
            (if (local.get $two)
              (then
                (call $addSum (i32.add (local.get $o1) (i32.shl (local.get $q) (i32.const 3))) (local.get $s10) (local.get $sign))
                (call $addSum (i32.add (local.get $o1) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 3))) (local.get $s11) (local.get $sign))
                (call $addSum (i32.add (local.get $o1) (i32.shl (i32.add (local.get $q) (i32.const 2)) (i32.const 3))) (local.get $s12) (local.get $sign))
                (call $addSum (i32.add (local.get $o1) (i32.shl (i32.add (local.get $q) (i32.const 3)) (i32.const 3))) (local.get $s13) (local.get $sign))))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $qloop)))
        ;; the last columns one at a time
        (block $q1done
          (loop $q1loop
            (br_if $q1done (i32.ge_s (local.get $q) (local.get $q1)))
            (local.set $b0 (i32.add (local.get $x) (i32.shl
              (i32.load (i32.add (local.get $off) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 3))))
            (local.set $s00 (v128.const f64x2 0 0)) (local.set $s10 (v128.const f64x2 0 0))
            (local.set $r (local.get $from))
            (block $r1done
              (loop $r1loop
                (br_if $r1done (i32.ge_s (local.get $r) (local.get $last)))
                (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $r))))
                (local.set $s00 (f64x2.add (local.get $s00)
                  (f64x2.mul (v128.load (i32.add (local.get $a0) (local.get $r))) (local.get $y0))))
                (local.set $s10 (f64x2.add (local.get $s10)
                  (f64x2.mul (v128.load (i32.add (local.get $a1) (local.get $r))) (local.get $y0))))
                (local.set $r (i32.add (local.get $r) (i32.const 16)))
                (br $r1loop)))
            (if (i32.lt_s (local.get $last) (local.get $to))
              (then
                (local.set $y0 (v128.load64_zero (i32.add (local.get $b0) (local.get $last))))
                (local.set $s00 (f64x2.add (local.get $s00)
                  (f64x2.mul (v128.load64_zero (i32.add (local.get $a0) (local.get $last))) (local.get $y0))))
                (local.set $s10 (f64x2.add (local.get $s10)
                  (f64x2.mul (v128.load64_zero (i32.add (local.get $a1) (local.get $last))) (local.get $y0))))))
            (call $addSum (i32.add (local.get $o0) (i32.shl (local.get $q) (i32.const 3))) (local.get $s00) (local.get $sign))
            (if (local.get $two)
              (then (call $addSum (i32.add (local.get $o1) (i32.shl (local.get $q) (i32.const 3))) (local.get $s10) (local.get $sign))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $q1loop)))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $ploop))))
  ;; f64 at `at` += sign * (lane 0 + lane 1 of s)
  (func $addSum (param $at i32) (param $s v128) (param $sign f64)
    (f64.store (local.get $at)
      (f64.add (f64.load (local.get $at))
        (f64.mul (local.get $sign)
          (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s))))))))
