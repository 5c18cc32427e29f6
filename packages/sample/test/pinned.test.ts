// Pins the generator's bytes. `generate` must give exactly these files for these options: a
// refactoring that reorders a single PRNG draw, a row field or a file would change them. If the
// sample is changed on purpose, regenerate the bundled events/data and record the new hashes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/index.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Recorded from the generator before it was split into phases. The first set is large enough
 * for the number of bad lines to depend on the record counts (more than one of each kind); the
 * second ends early in a year: this year's penalty export holds only last year's repeated decisions.
 */
const PINNED = [
  {
    options: { enterprises: 700, seed: 'pinned', asOf: '2026-11-30' },
    sha256: {
      'enterprises/enterprises-330302.csv': '2a4cda0f078eab4639a9857dd2c14e3c0f4d15d6c7b139324539aef69d95973e',
      'enterprises/enterprises-330303.csv': '0d85d07b51d3d5a6d852e4bd13f18c00bc8a28809a801df25f17d6497101e553',
      'enterprises/enterprises-330304.csv': 'b13706fe8230b7d88cb31ff429f13e2055f4d35f3aec5d9b24b9409315c023d8',
      'enterprises/enterprises-330305.csv': 'bf30c047004a67e161efbc5b2718826d14668212c8649300745e0fedb18782ac',
      'enterprises/enterprises-330324.csv': '7f945621a80ff7d375f4d7fddfedc971bf597511cf531320c05a89a138f25d05',
      'enterprises/enterprises-330326.csv': '4bc8981af85fa0d47f824fdec24af29489dc59ef67359f9415d92183fd61c00b',
      'enterprises/enterprises-330327.csv': 'ff304af1ce347ec73cde4983627db684129f91af9d625aa7ba2cb0219c598a95',
      'enterprises/enterprises-330328.csv': '709d4a98a8a1f87cad2402c3923815bfdc1223f1d9b2717103b5866731cd2589',
      'enterprises/enterprises-330329.csv': '505581719aecf59c2f8566f96f9ed3766b0edc4cd2aa26cca2beb934003e4b21',
      'enterprises/enterprises-330381.csv': 'e76434634a9343728943d71a73985dc52bdc696cf86ebc3b7736d7cf5de1648b',
      'enterprises/enterprises-330382.csv': '42a2230d1f3ca0b0c74b89cd2bbde285b004fa86afce82f1062d07daf237a0b4',
      'enterprises/enterprises-330383.csv': 'fd51b05865cf6891cd7b56dfd8e202902076af2ed537c1707473a9774f7b5600',
      'enterprises/updates/corrections-2026-11.jsonl':
        '927f0a99c10115a85ac34b050ed71c53cce2875cac5c112d3c01396c0e125e12',
      'inspections/2024/inspections-q1.csv': 'd1035b1804d293048549c93a1aa45dc870f54d9f887387bc6693ef6949e25391',
      'inspections/2024/inspections-q2.csv': '426c304833f858d922abbce4c18f9d1af5105d267e2345690dc3fe52f15a4bbb',
      'inspections/2024/inspections-q3.csv': 'b6504c0d1e211a77c5d6bfcf2aacbdcddf84511541acc475e86d542d6346a819',
      'inspections/2024/inspections-q4.csv': '68cffb1b9f6babb223ea175e9980a873e491a11dfe29f0b89320ee2fec367b83',
      'inspections/2025/inspections-q1.csv': 'bd37687f21d158e0ba967db3512523eec8bf378fa52faeda398642827a9effd1',
      'inspections/2025/inspections-q2.csv': '632cf3865706cefaa5337393470f243a7880ee8f4f942ef04c343fd26f9d721f',
      'inspections/2025/inspections-q3.csv': '610c7239007862c446feb54cefec3a2d75eae790f2a3eca4a587574f0e414be9',
      'inspections/2025/inspections-q4.csv': '9258b595f11ece5fd4ae01c3e81662d76545d6fea125c6c168aa753a3a52ae9f',
      'inspections/2026/inspections-q1.csv': '3ecbe395e364ed1e928c209aea3b513f3fb5506b148469841443ce0e9aec0fb9',
      'inspections/2026/inspections-q2.csv': '416811974ee42b1bf79d5cf35a91a1cc30b26a19f143dd706cd83c2df547410f',
      'inspections/2026/inspections-q3.csv': 'e7e1772e96adf769a5ee84f4e01425c848222417440ab60115d9d08c6dace0b7',
      'inspections/2026/inspections-q4.csv': '1312e1f21c1548fbe75ee8bede91f34e53fcf4b27f6ef453db8a4f48538c985e',
      'inspections/2026/inspections-resend-2026-11.jsonl':
        '38b9e256230e17b3fc2853692e86836717c52f45974a204f6809e0520456fb39',
      'inspections/updates/corrections-2026-11.jsonl':
        'f05b9d0840af2ad90cb6d1ec842fb972f886282f5027b666293613e6646ce55e',
      'inspectors/inspectors.csv': 'fc0ae389d3aea2ddf8a26c0049b22dced4657b1f86efda7b12a90b983ca29a51',
      'penalties/penalties-2022.jsonl': 'c270ef73c4b97ee602ece5c37725c0d26abad8018afc56feeff3df25a6b60e73',
      'penalties/penalties-2023.jsonl': '2651758c3675395416858e4ef94779a12fbab5f4b91a70de33121dfabc2bd992',
      'penalties/penalties-2024.jsonl': '7a139d0d0e6ef94d2ee2fe1a9be213b4823113f74b061e44c606135a23cee7ea',
      'penalties/penalties-2025.jsonl': 'ecb6006a2b6c8a5923299086d33af39b78591a9ebe701ef65768a80a2495e38e',
      'penalties/penalties-2026.csv': '2cf4b81cd1a9a6b1352b3f4e49809b4260ad88d7342c9135c9f15a068e0e6d88',
      'penalties/updates/corrections-2026-11.jsonl': 'eeee3352d639032c150a78895fab9bbf3ecea51d180900e0e54a12104722474e',
      'samplings/samplings-2024.csv': '4fdb8a4d83ec0f81c602510e4abc7015cedec5b170a2b1c3a9560135ebd71388',
      'samplings/samplings-2025.jsonl': '73ab7a84c8833d9c103282114f6bd6ec1666dab897bfd10debea8d901bfca61f',
      'samplings/samplings-2026.jsonl': '5b6a101d61af305b24c08807d8467302de91f185abea8d3bead99735eb27d55e',
      'samplings/updates/corrections-2026-11.jsonl': '406b60a99ae64f3ff150a9c73d97c8224dd20ba1f53b8e0569b938048535fb0c',
      'manifest.json': '2668be983226a0454aa86180cbc9739cb6c3c6c3828d5c42163ae940acee987d',
    },
  },
  {
    options: { enterprises: 30, seed: 'pinned-b', asOf: '2025-01-10' },
    sha256: {
      'enterprises/enterprises-330302.csv': 'c0710c72856d7fb5298b2aca8c6a5849a90a59d3a000bfa99de4c6472a5010b5',
      'enterprises/enterprises-330303.csv': '2fbeab0ce0baf48db8b129687a60239b12213ada8e84c831beb2bd235b021b1e',
      'enterprises/enterprises-330304.csv': '72ad0288f9045761ae16b4c6b98992eb68f243c9d1f80334da999e6a10edc01b',
      'enterprises/enterprises-330305.csv': 'c003352ce4b7866c5b0462da36a01efc5f1c82539a2055a5d6f06c4e2b48af07',
      'enterprises/enterprises-330324.csv': '6d23ba9c56bee9dfd17d28ea64ccb1c6e586365782db0ce7e66855bfe67b3ac7',
      'enterprises/enterprises-330326.csv': '41975c205724fa2f0f9c3f63f172404646a32877a4271bde6f8d373eebfc5c23',
      'enterprises/enterprises-330327.csv': 'f2ce2cdb0ffc33b3b5e48aae1ada555b6f6fb34b64b48717847bf166a9ec6bf4',
      'enterprises/enterprises-330328.csv': '1939bd54bfcde8580a9e2e4d247352f93444e74a660313ef8a59cda08c22b71c',
      'enterprises/enterprises-330329.csv': 'adc10df96d6ce1752005bd41a4fc8bb91185a1f5716886e0f7640dc6202b9581',
      'enterprises/enterprises-330381.csv': '5f16f92b6acc7fa88033b7a88dc6e7de7e6ca6ad01e6bfba367cdc60d8d7c45e',
      'enterprises/enterprises-330382.csv': '81c6cc0017ad4942df88a29aa414ab78c87ba32bbd649a0bad5b99818438a3f8',
      'enterprises/enterprises-330383.csv': '5ba9464485d2f80f8fbc4c96481c36ab4c6e6ef3b506b2860ba374890f192cc2',
      'enterprises/updates/corrections-2025-01.jsonl':
        '28a20621e9886cb1201283ab5f9e2803b0e19363e9ea2c51de93f862d8bd3aa7',
      'inspections/2023/inspections-q1.csv': '563cad0b61faa02b511cca9d0c7eb172fb1d980ae863f5c0e74406b4d845f6fa',
      'inspections/2023/inspections-q2.csv': 'ed04ae8f588524f23b3fd0abb03dd18e9f187820a43c070e63fb0b1d0b1b7273',
      'inspections/2023/inspections-q3.csv': '4ec0ae2db071dfa6e7a8617f16f98110ce070d4cb507c4e54a06629ba5efac2d',
      'inspections/2023/inspections-q4.csv': 'fec81947f3c088240714217bc7c283317dc634304ac0633c0a6a14f1bf7f23ea',
      'inspections/2024/inspections-q1.csv': 'a827ff95ebf4125b703dcc64a40090760910e59d1c0c6544295641825a58f725',
      'inspections/2024/inspections-q2.csv': '5c9440e4efd282db7f682121187ef05c2863206896b2f20754421ad487ecf50b',
      'inspections/2024/inspections-q3.csv': '57b3d296493ffee62ad2675f922172b6bab5882749eaf92b32d4408192ffe189',
      'inspections/2024/inspections-q4.csv': 'd9feae31cf7eeddedfcf38bcfb800bcab0cc5423445941e0be8ec78f832adea5',
      'inspections/2025/inspections-resend-2025-01.jsonl':
        'fbae969afd9624e64b3409a8a643ea6c3033a619db79207bde72c41d6a0cba23',
      'inspections/updates/corrections-2025-01.jsonl':
        'f72c584371739175933bd8cdf6ec47f925a1fb77ca9d8b4155815ab5ea11929a',
      'inspectors/inspectors.csv': '9ac1909b0603e9a111df6a48c20fa9f2027d22a75954e48e67338fe788b148b9',
      'penalties/penalties-2021.jsonl': '2f3750f525f8cea9fbff0ad6a55d6e46f9a7a55ca3e9836dce81237d14ec5657',
      'penalties/penalties-2022.jsonl': '52916bcab1b85eebddd7dace0ed1298e1976b25bfeb19b8622c9dd4c12b3c6a3',
      'penalties/penalties-2023.jsonl': 'aef8bc25d86f37eeb0b1d4a8a09917fc36392774f5dbaae7c4a555fe16e5eef2',
      'penalties/penalties-2024.jsonl': '44708fb334e4e555798fe59f180063be287ae4696451964483005affcba8cae3',
      'penalties/penalties-2025.csv': 'b5c0f88b52dd5c84f78e5fe65d1a508746c2d563e15c8ce563598a6a92cd6d26',
      'penalties/updates/corrections-2025-01.jsonl': '00ab60881c9a69d0a507484c6bbc4bebfeeed204f5145ca30061ba34b8fe951e',
      'samplings/samplings-2023.csv': '52ab083bae07b9dd98435b9911eee284f1fc3a3016b8db06dc618cc7f1fd307a',
      'samplings/samplings-2024.jsonl': 'da2afbce276222c38fbdcfb6f922e6474aa0a94d83a7169d7bad468a3a694e52',
      'manifest.json': 'c1199a23e338ff8ecdd67e700128db30f700a4938d301953370c0511920b60b6',
    },
  },
] as const;

describe('pinned output', () => {
  for (const { options, sha256: expected } of PINNED) {
    it(`gives the recorded bytes for ${options.enterprises} enterprises, seed "${options.seed}", as of ${options.asOf}`, () => {
      const { files, manifest } = generate(options);
      const actual: Record<string, string> = {};
      for (const f of files) actual[f.path] = sha256(f.bytes);
      // As writeDataset writes it.
      actual['manifest.json'] = sha256(`${JSON.stringify(manifest, null, 2)}\n`);
      expect(actual).toEqual(expected);
    });
  }
});
