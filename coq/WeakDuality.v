(* WeakDuality.v -- the generic theorem behind every qproofs SDP certificate (issue 15).

   Proved once, with no Admitted and no axiom of its own.  Print Assumptions lists only the axioms
   of Coq's standard library that its classical real numbers rest on (ClassicalDedekindReals,
   FunctionalExtensionality; see qproofs/certcheck/coq.py, ALLOWED_AXIOMS).

   WHAT THE THEOREMS QUANTIFY OVER.
   * Data (objective C, constraint matrices A_i, right-hand sides b_i, the claimed bound) are
     concrete rationals (Coq's Q), written as sparse triplet lists (i, j, x): the matrix whose (i, j)
     entry is the sum of the x of its triplets.  They enter the statement through Q2R : Q -> R.
   * The primal variable is EVERY real positive semidefinite matrix, in Gram form
       rho(a, b) = sum_{k < K} m_k(a) m_k(b)       (gram K m)
     for every rank K : nat and every family of real vectors m : nat -> nat -> R (Coq's real
     numbers R of the standard library).  Every real PSD n x n matrix has this form (K = n,
     m_k = the columns of a Cholesky / square-root factor), and so does every rational PSD one.
     Indices outside 0..n-1 are never read by the data, so vectors may be taken of any length.
   * For complex Hermitian programs: EVERY complex PSD matrix X = sum_k m_k m_k^dagger with
     m_k = p_k + i q_k (p, q real), through the real embedding [[Re, -Im], [Im, Re]]
     (theorem [check_cmax_sound] / [check_cmin_sound]; lemma [cpair_emb] is the embedding).
   * <A, rho> = tr(A rho) = sum_{i,j} A_ij rho_ji; for complex data Re tr(A X).

   THE THEOREM (check_max_sound): if the computable check [check_max C cs y W bound] returns true,
   i.e.
     - y_i >= 0 on every <= and >= row (coefficient c_i = y_i on == and <= rows, -y_i on >= rows),
     - every d in W is >= 0,
     - sum_i c_i b_i <= bound,
     - sum_i c_i A_i - C  and  sum_{(d,u) in W} d u u^T  are the same matrix, entry by entry
       (u are the columns of P^T L for an LDL^T factorisation P Z P^T = L D L^T with pivoting),
   then for every real PSD rho with <A_i, rho> op_i b_i for all i:  <C, rho> <= bound.
   check_min_sound: the same for "min >= bound" (objective -C, bound -bound).

   This follows the sign conventions of docs/certificates.md (qproofs.cert/1, kind sdp-dual).
   Only the stdlib is used: no Mathematical Components (it is not needed; the exact arithmetic is
   stdlib Q with binary integers, fast under vm_compute). *)

From Coq Require Import List Bool Arith QArith Qreduction Qreals Reals Lra Lia.
Import ListNotations.

Open Scope R_scope.

(* ------------------------------------------------------------------ data ---- *)

Definition entry : Type := (nat * nat * Q)%type.
Definition smat : Type := list entry.

Inductive rel : Type := EqR | LeR | GeR.

Definition constraint : Type := (smat * rel * Q)%type.

(* ------------------------------------------------------------ semantics ---- *)

Fixpoint sumK (K : nat) (f : nat -> R) : R :=
  match K with O => 0 | S k => sumK k f + f k end.

(* rho(a, b) = sum_{k<K} m_k(a) m_k(b): the real PSD matrices, in Gram form. *)
Definition gram (K : nat) (m : nat -> nat -> R) (a b : nat) : R :=
  sumK K (fun k => m k a * m k b).

(* <A, rho> = tr(A rho) = sum over the triplets (i, j, x) of A of x * rho(j, i). *)
Fixpoint pair (A : smat) (rho : nat -> nat -> R) : R :=
  match A with
  | [] => 0
  | (i, j, x) :: A' => Q2R x * rho j i + pair A' rho
  end.

Definition holds (o : rel) (v b : R) : Prop :=
  match o with EqR => v = b | LeR => v <= b | GeR => v >= b end.

Fixpoint feasible (cs : list constraint) (rho : nat -> nat -> R) : Prop :=
  match cs with
  | [] => True
  | (A, o, b) :: cs' => holds o (pair A rho) (Q2R b) /\ feasible cs' rho
  end.

(* ------------------------------------------------------- the computable check ---- *)

Definition coef (o : rel) (y : Q) : Q := match o with GeR => Qopp y | _ => y end.
Definition sign_ok (o : rel) (y : Q) : bool := match o with EqR => true | _ => Qle_bool 0 y end.

Definition scale (c : Q) (A : smat) : smat :=
  map (fun e => match e with (i, j, x) => (i, j, Qmult c x) end) A.

Fixpoint lhs_terms (cs : list constraint) (y : list Q) : smat :=
  match cs, y with
  | (A, o, _) :: cs', yi :: y' => scale (coef o yi) A ++ lhs_terms cs' y'
  | _, _ => []
  end.

Fixpoint value (cs : list constraint) (y : list Q) : Q :=
  match cs, y with
  | (_, o, b) :: cs', yi :: y' => Qplus (Qmult (coef o yi) b) (value cs' y')
  | _, _ => 0%Q
  end.

Fixpoint signs_ok (cs : list constraint) (y : list Q) : bool :=
  match cs, y with
  | [], [] => true
  | (_, o, _) :: cs', yi :: y' => sign_ok o yi && signs_ok cs' y'
  | _, _ => false
  end.

(* PSD witness: a list of (d, u), d >= 0 and u a sparse vector (index, value); the matrix is
   sum d u u^T.  A pivoted LDL^T  P Z P^T = L D L^T  gives u_j = column j of P^T L. *)
Definition svec : Type := list (nat * Q).

Definition outer (d : Q) (u : svec) : smat :=
  flat_map (fun ap => match ap with (a, p) =>
              map (fun bq => match bq with (b, q) => (a, b, Qmult (Qmult d p) q) end) u end) u.

Definition ldl_terms (W : list (Q * svec)) : smat :=
  flat_map (fun du => match du with (d, u) => outer d u end) W.

Definition ds_ok (W : list (Q * svec)) : bool :=
  forallb (fun du => match du with (d, _) => Qle_bool 0 d end) W.

(* Dense accumulation of a triplet list (rows and columns grow as needed, zero padded). *)
Fixpoint upd_row (r : list Q) (j : nat) (x : Q) : list Q :=
  match r, j with
  | [], O => [x]
  | [], S j' => 0%Q :: upd_row [] j' x
  | v :: r', O => Qred (Qplus v x) :: r'
  | v :: r', S j' => v :: upd_row r' j' x
  end.

Fixpoint upd (M : list (list Q)) (i j : nat) (x : Q) : list (list Q) :=
  match M, i with
  | [], O => [upd_row [] j x]
  | [], S i' => [] :: upd [] i' j x
  | r :: M', O => upd_row r j x :: M'
  | r :: M', S i' => r :: upd M' i' j x
  end.

Definition dense (T : smat) : list (list Q) :=
  fold_right (fun e M => match e with (i, j, x) => upd M i j x end) [] T.

Definition zrow (r : list Q) : bool := forallb (fun v => Qeq_bool v 0) r.

Fixpoint eqrow (r1 r2 : list Q) : bool :=
  match r1, r2 with
  | [], _ => zrow r2
  | _, [] => zrow r1
  | v :: r1', w :: r2' => Qeq_bool v w && eqrow r1' r2'
  end.

Fixpoint eqmat (M1 M2 : list (list Q)) : bool :=
  match M1, M2 with
  | [], _ => forallb zrow M2
  | _, [] => forallb zrow M1
  | r1 :: M1', r2 :: M2' => eqrow r1 r2 && eqmat M1' M2'
  end.

Definition check_max (C : smat) (cs : list constraint) (y : list Q) (W : list (Q * svec))
    (bound : Q) : bool :=
  signs_ok cs y && ds_ok W && Qle_bool (value cs y) bound &&
  eqmat (dense (lhs_terms cs y ++ scale (-1) C)) (dense (ldl_terms W)).

Definition check_min (C : smat) (cs : list constraint) (y : list Q) (W : list (Q * svec))
    (bound : Q) : bool :=
  check_max (scale (-1) C) cs y W (Qopp bound).

(* ------------------------------------------------------------- lemmas ---- *)

Lemma Q2R_0 : Q2R 0 = 0.
Proof. unfold Q2R; simpl; ring. Qed.

Lemma Q2R_m1 : Q2R (-1) = -1.
Proof. unfold Q2R; simpl; field. Qed.

Lemma Q2R_red : forall x, Q2R (Qred x) = Q2R x.
Proof. intro x; apply Qeq_eqR, Qred_correct. Qed.

Arguments Q2R : simpl never.
Arguments Qred : simpl never.
Arguments Qplus : simpl never.
Arguments Qmult : simpl never.
Arguments Qopp : simpl never.

Lemma pair_app : forall A B rho, pair (A ++ B) rho = pair A rho + pair B rho.
Proof.
  induction A as [|[[i j] x] A IH]; intros B rho; simpl.
  - ring.
  - rewrite IH; ring.
Qed.

Lemma pair_scale : forall c A rho, pair (scale c A) rho = Q2R c * pair A rho.
Proof.
  induction A as [|[[i j] x] A IH]; intro rho; simpl.
  - ring.
  - rewrite IH, Q2R_mult; ring.
Qed.

Fixpoint rowpair (r : list Q) (f : nat -> R) : R :=
  match r with [] => 0 | v :: r' => Q2R v * f O + rowpair r' (fun b => f (S b)) end.

Fixpoint matpair (M : list (list Q)) (g : nat -> nat -> R) : R :=
  match M with [] => 0 | r :: M' => rowpair r (g O) + matpair M' (fun a => g (S a)) end.

Lemma rowpair_upd_nil : forall j x f, rowpair (upd_row [] j x) f = Q2R x * f j.
Proof.
  induction j as [|j IH]; intros x f; simpl.
  - ring.
  - rewrite IH, Q2R_0; ring.
Qed.

Lemma rowpair_upd : forall r j x f, rowpair (upd_row r j x) f = rowpair r f + Q2R x * f j.
Proof.
  induction r as [|v r IH]; intros j x f.
  - rewrite rowpair_upd_nil; simpl; ring.
  - destruct j as [|j]; simpl.
    + rewrite Q2R_red, Q2R_plus; ring.
    + rewrite IH; ring.
Qed.

Lemma matpair_upd_nil : forall i j x g, matpair (upd [] i j x) g = Q2R x * g i j.
Proof.
  induction i as [|i IH]; intros j x g; simpl.
  - rewrite rowpair_upd_nil; ring.
  - rewrite IH; ring.
Qed.

Lemma matpair_upd : forall M i j x g, matpair (upd M i j x) g = matpair M g + Q2R x * g i j.
Proof.
  induction M as [|r M IH]; intros i j x g.
  - rewrite matpair_upd_nil; simpl; ring.
  - destruct i as [|i]; simpl.
    + rewrite rowpair_upd; ring.
    + rewrite IH; ring.
Qed.

Lemma matpair_dense : forall T rho, matpair (dense T) (fun i j => rho j i) = pair T rho.
Proof.
  induction T as [|[[i j] x] T IH]; intro rho; simpl.
  - reflexivity.
  - rewrite matpair_upd. rewrite (IH rho). ring.
Qed.

Lemma rowpair_zero : forall r f, zrow r = true -> rowpair r f = 0.
Proof.
  induction r as [|v r IH]; intros f H; simpl in *.
  - reflexivity.
  - apply andb_true_iff in H as [H1 H2].
    rewrite (Qeq_eqR _ _ (Qeq_bool_eq _ _ H1)), Q2R_0, IH by exact H2; ring.
Qed.

Lemma eqrow_pair : forall r1 r2 f, eqrow r1 r2 = true -> rowpair r1 f = rowpair r2 f.
Proof.
  induction r1 as [|v r1 IH]; intros r2 f H.
  - simpl in H. rewrite (rowpair_zero r2 f H). reflexivity.
  - destruct r2 as [|w r2].
    + rewrite (rowpair_zero (v :: r1) f H). reflexivity.
    + simpl in H. apply andb_true_iff in H as [H1 H2]. simpl.
      rewrite (Qeq_eqR _ _ (Qeq_bool_eq _ _ H1)), (IH r2) by exact H2. reflexivity.
Qed.

Lemma matpair_zero : forall M g, forallb zrow M = true -> matpair M g = 0.
Proof.
  induction M as [|r M IH]; intros g H; simpl in *.
  - reflexivity.
  - apply andb_true_iff in H as [H1 H2].
    rewrite rowpair_zero, IH by assumption; ring.
Qed.

Lemma eqmat_pair : forall M1 M2 g, eqmat M1 M2 = true -> matpair M1 g = matpair M2 g.
Proof.
  induction M1 as [|r1 M1 IH]; intros M2 g H.
  - simpl in H. rewrite (matpair_zero M2 g H). reflexivity.
  - destruct M2 as [|r2 M2].
    + rewrite (matpair_zero (r1 :: M1) g H). reflexivity.
    + simpl in H. apply andb_true_iff in H as [H1 H2]. simpl.
      rewrite (eqrow_pair r1 r2) by exact H1. rewrite (IH M2) by exact H2. reflexivity.
Qed.

(* Sums over k < K. *)
Lemma sumK_plus : forall K f g, sumK K (fun k => f k + g k) = sumK K f + sumK K g.
Proof. induction K as [|K IH]; intros f g; simpl; [ring | rewrite IH; ring]. Qed.

Lemma sumK_scal : forall K c f, sumK K (fun k => c * f k) = c * sumK K f.
Proof. induction K as [|K IH]; intros c f; simpl; [ring | rewrite IH; ring]. Qed.

Lemma sumK_ext : forall K f g, (forall k, f k = g k) -> sumK K f = sumK K g.
Proof. induction K as [|K IH]; intros f g H; simpl; [reflexivity | rewrite (IH f g H), H; reflexivity]. Qed.

Lemma sumK_nonneg : forall K f, (forall k, 0 <= f k) -> 0 <= sumK K f.
Proof.
  induction K as [|K IH]; intros f H; simpl.
  - lra.
  - specialize (IH f H). specialize (H K). lra.
Qed.

Lemma sumK_zero : forall K f, (forall k, f k = 0) -> sumK K f = 0.
Proof. induction K as [|K IH]; intros f H; simpl; [reflexivity | rewrite (IH f H), H; ring]. Qed.

(* <d u u^T, rho> = d * sum_k (u . m_k)^2 >= 0 for rho = gram K m. *)
Fixpoint lin (u : svec) (v : nat -> R) : R :=
  match u with [] => 0 | (a, p) :: u' => Q2R p * v a + lin u' v end.

Lemma pair_row : forall (u : svec) d a p K m,
  pair (map (fun bq => match bq with (b, q) => (a, b, Qmult (Qmult d p) q) end) u) (gram K m)
  = Q2R d * Q2R p * sumK K (fun k => lin u (m k) * m k a).
Proof.
  induction u as [|[b q] u IH]; intros d a p K m; simpl.
  - rewrite sumK_zero by (intro; ring). ring.
  - rewrite IH. unfold gram. rewrite !Q2R_mult.
    rewrite (sumK_ext K (fun k => (Q2R q * m k b + lin u (m k)) * m k a)
               (fun k => Q2R q * (m k b * m k a) + lin u (m k) * m k a)) by (intro; ring).
    rewrite sumK_plus, sumK_scal. ring.
Qed.

Lemma pair_outer_aux : forall (u0 u : svec) d K m,
  pair (flat_map (fun ap => match ap with (a, p) =>
          map (fun bq => match bq with (b, q) => (a, b, Qmult (Qmult d p) q) end) u0 end) u)
       (gram K m)
  = Q2R d * sumK K (fun k => lin u0 (m k) * lin u (m k)).
Proof.
  intros u0 u; induction u as [|[a p] u IH]; intros d K m; simpl.
  - rewrite sumK_zero by (intro; ring). ring.
  - rewrite pair_app, pair_row, IH.
    rewrite (sumK_ext K (fun k => lin u0 (m k) * (Q2R p * m k a + lin u (m k)))
               (fun k => Q2R p * (lin u0 (m k) * m k a) + lin u0 (m k) * lin u (m k))) by (intro; ring).
    rewrite sumK_plus, sumK_scal. ring.
Qed.

Lemma pair_outer_nonneg : forall d u K m, (0 <= d)%Q -> 0 <= pair (outer d u) (gram K m).
Proof.
  intros d u K m Hd. unfold outer. rewrite pair_outer_aux.
  apply Rmult_le_pos.
  - rewrite <- Q2R_0. apply Qle_Rle, Hd.
  - apply sumK_nonneg; intro k. apply Rle_0_sqr.
Qed.

Lemma pair_ldl_nonneg : forall W K m, ds_ok W = true -> 0 <= pair (ldl_terms W) (gram K m).
Proof.
  induction W as [|[d u] W IH]; intros K m H; simpl in *.
  - lra.
  - apply andb_true_iff in H as [H1 H2].
    rewrite pair_app.
    pose proof (pair_outer_nonneg d u K m (Qle_bool_imp_le _ _ H1)).
    pose proof (IH K m H2). lra.
Qed.

Lemma lhs_le_value : forall cs y rho,
  signs_ok cs y = true -> feasible cs rho -> pair (lhs_terms cs y) rho <= Q2R (value cs y).
Proof.
  induction cs as [|[[A o] b] cs IH]; intros y rho Hs Hf; destruct y as [|yi y]; simpl in *.
  - rewrite Q2R_0; lra.
  - discriminate.
  - discriminate.
  - apply andb_true_iff in Hs as [H1 H2]. destruct Hf as [Hh Hf].
    rewrite pair_app, pair_scale, Q2R_plus, Q2R_mult.
    pose proof (IH y rho H2 Hf) as Hr.
    assert (Q2R (coef o yi) * pair A rho <= Q2R (coef o yi) * Q2R b).
    { destruct o; simpl in *.
      - rewrite Hh; lra.
      - apply Rmult_le_compat_l; [| exact Hh].
        rewrite <- Q2R_0; apply Qle_Rle, Qle_bool_imp_le, H1.
      - rewrite Q2R_opp.
        assert (0 <= Q2R yi) by (rewrite <- Q2R_0; apply Qle_Rle, Qle_bool_imp_le, H1).
        apply Ropp_le_cancel. rewrite !Ropp_mult_distr_l, !Ropp_involutive.
        apply Rmult_le_compat_l; [assumption | lra]. }
    lra.
Qed.

(* ---------------------------------------------------------- the theorems ---- *)

Theorem check_max_sound : forall C cs y W bound,
  check_max C cs y W bound = true ->
  forall K m, feasible cs (gram K m) -> pair C (gram K m) <= Q2R bound.
Proof.
  intros C cs y W bound H K m Hf. unfold check_max in H.
  apply andb_true_iff in H as [H Heq]. apply andb_true_iff in H as [H Hv].
  apply andb_true_iff in H as [Hs Hd].
  pose proof (eqmat_pair _ _ (fun i j => gram K m j i) Heq) as E.
  rewrite !matpair_dense, pair_app, pair_scale, Q2R_m1 in E.
  pose proof (lhs_le_value cs y (gram K m) Hs Hf) as L.
  pose proof (pair_ldl_nonneg W K m Hd) as P.
  pose proof (Qle_Rle _ _ (Qle_bool_imp_le _ _ Hv)) as V.
  lra.
Qed.

Theorem check_min_sound : forall C cs y W bound,
  check_min C cs y W bound = true ->
  forall K m, feasible cs (gram K m) -> pair C (gram K m) >= Q2R bound.
Proof.
  intros C cs y W bound H K m Hf.
  pose proof (check_max_sound _ _ _ _ _ H K m Hf) as G.
  rewrite pair_scale, Q2R_m1, Q2R_opp in G. lra.
Qed.

(* ------------------------------------------- complex Hermitian programs (real embedding) ---- *)

(* A complex matrix: triplets (i, j, Re x, Im x). *)
Definition centry : Type := (nat * nat * Q * Q)%type.
Definition cmat : Type := list centry.
Definition cconstraint : Type := (cmat * rel * Q)%type.

(* X = sum_{k<K} m_k m_k^dagger with m_k = p_k + i q_k (p, q real): every complex PSD matrix.
   X(a, b) = sum_k m_k(a) conj(m_k(b)) = cgram_re a b + i cgram_im a b. *)
Definition cgram_re (K : nat) (p q : nat -> nat -> R) (a b : nat) : R :=
  sumK K (fun k => p k a * p k b + q k a * q k b).
Definition cgram_im (K : nat) (p q : nat -> nat -> R) (a b : nat) : R :=
  sumK K (fun k => q k a * p k b - p k a * q k b).

(* <A, X> = Re tr(A X) = sum_{i,j} Re(A_ij X_ji). *)
Fixpoint cpair (A : cmat) (K : nat) (p q : nat -> nat -> R) : R :=
  match A with
  | [] => 0
  | (i, j, re, im) :: A' =>
      Q2R re * cgram_re K p q j i - Q2R im * cgram_im K p q j i + cpair A' K p q
  end.

Fixpoint cfeasible (cs : list cconstraint) (K : nat) (p q : nat -> nat -> R) : Prop :=
  match cs with
  | [] => True
  | (A, o, b) :: cs' => holds o (cpair A K p q) (Q2R b) /\ cfeasible cs' K p q
  end.

(* The real embedding emb(Re + i Im) = [[Re, -Im], [Im, Re]] (2n x 2n), not halved. *)
Definition emb (n : nat) (A : cmat) : smat :=
  flat_map (fun e => match e with (i, j, re, im) =>
    [(i, j, re); ((n + i)%nat, (n + j)%nat, re); ((n + i)%nat, j, im); (i, (n + j)%nat, Qopp im)] end) A.

Definition in_range (n : nat) (A : cmat) : bool :=
  forallb (fun e => match e with (i, j, _, _) => Nat.ltb i n && Nat.ltb j n end) A.

Definition emb_cons (n : nat) (cs : list cconstraint) : list constraint :=
  map (fun c => match c with (A, o, b) => (emb n A, o, b) end) cs.

Definition cons_in_range (n : nat) (cs : list cconstraint) : bool :=
  forallb (fun c => match c with (A, _, _) => in_range n A end) cs.

(* The stacked real vectors [p_k; q_k]. *)
Definition stack (n : nat) (p q : nat -> nat -> R) (k a : nat) : R :=
  if Nat.ltb a n then p k a else q k (a - n)%nat.

Lemma stack_lo : forall n p q k a, (a < n)%nat -> stack n p q k a = p k a.
Proof. intros. unfold stack. apply Nat.ltb_lt in H. rewrite H. reflexivity. Qed.

Lemma stack_hi : forall n p q k a, stack n p q k (n + a)%nat = q k a.
Proof.
  intros. unfold stack.
  assert (Nat.ltb (n + a)%nat n = false) as E by (apply Nat.ltb_ge; lia).
  rewrite E. f_equal. lia.
Qed.

Lemma sumK_minus : forall K f g, sumK K (fun k => f k - g k) = sumK K f - sumK K g.
Proof. induction K as [|K IH]; intros f g; simpl; [ring | rewrite IH; ring]. Qed.

(* Real-embedding lemma: Re tr(A X) = <emb A, [p;q][p;q]^T summed over k>. *)
Lemma cpair_emb : forall n A K p q,
  in_range n A = true -> pair (emb n A) (gram K (stack n p q)) = cpair A K p q.
Proof.
  intros n A K p q. induction A as [|[[[i j] re] im] A IH]; intro H; simpl in *.
  - reflexivity.
  - apply andb_true_iff in H as [Hij H]. apply andb_true_iff in Hij as [Hi Hj].
    apply Nat.ltb_lt in Hi. apply Nat.ltb_lt in Hj.
    rewrite IH by exact H. unfold gram, cgram_re, cgram_im.
    rewrite (sumK_ext K (fun k => stack n p q k j * stack n p q k i) (fun k => p k j * p k i))
      by (intro k; rewrite !stack_lo by assumption; reflexivity).
    rewrite (sumK_ext K (fun k => stack n p q k (n + j)%nat * stack n p q k (n + i)%nat)
               (fun k => q k j * q k i)) by (intro k; rewrite !stack_hi; reflexivity).
    rewrite (sumK_ext K (fun k => stack n p q k j * stack n p q k (n + i)%nat) (fun k => p k j * q k i))
      by (intro k; rewrite stack_hi, stack_lo by assumption; reflexivity).
    rewrite (sumK_ext K (fun k => stack n p q k (n + j)%nat * stack n p q k i) (fun k => q k j * p k i))
      by (intro k; rewrite stack_hi, stack_lo by assumption; reflexivity).
    rewrite sumK_plus, sumK_minus, Q2R_opp. ring.
Qed.

Lemma cfeasible_emb : forall n cs K p q,
  cons_in_range n cs = true -> cfeasible cs K p q -> feasible (emb_cons n cs) (gram K (stack n p q)).
Proof.
  induction cs as [|[[A o] b] cs IH]; intros K p q Hr Hf; simpl in *.
  - exact I.
  - apply andb_true_iff in Hr as [HA Hr]. destruct Hf as [Hh Hf].
    split; [rewrite cpair_emb by exact HA; exact Hh | apply IH; assumption].
Qed.

Definition check_cmax (n : nat) (C : cmat) (cs : list cconstraint) (y : list Q)
    (W : list (Q * svec)) (bound : Q) : bool :=
  in_range n C && cons_in_range n cs && check_max (emb n C) (emb_cons n cs) y W bound.

Definition check_cmin (n : nat) (C : cmat) (cs : list cconstraint) (y : list Q)
    (W : list (Q * svec)) (bound : Q) : bool :=
  in_range n C && cons_in_range n cs && check_min (emb n C) (emb_cons n cs) y W bound.

Theorem check_cmax_sound : forall n C cs y W bound,
  check_cmax n C cs y W bound = true ->
  forall K p q, cfeasible cs K p q -> cpair C K p q <= Q2R bound.
Proof.
  intros n C cs y W bound H K p q Hf. unfold check_cmax in H.
  apply andb_true_iff in H as [H Hc]. apply andb_true_iff in H as [HC Hr].
  rewrite <- (cpair_emb n C K p q HC).
  exact (check_max_sound _ _ _ _ _ Hc K (stack n p q) (cfeasible_emb n cs K p q Hr Hf)).
Qed.

Theorem check_cmin_sound : forall n C cs y W bound,
  check_cmin n C cs y W bound = true ->
  forall K p q, cfeasible cs K p q -> cpair C K p q >= Q2R bound.
Proof.
  intros n C cs y W bound H K p q Hf. unfold check_cmin in H.
  apply andb_true_iff in H as [H Hc]. apply andb_true_iff in H as [HC Hr].
  rewrite <- (cpair_emb n C K p q HC).
  exact (check_min_sound _ _ _ _ _ Hc K (stack n p q) (cfeasible_emb n cs K p q Hr Hf)).
Qed.
