/**
 * A WorkSpace's compute type (the service's `Compute` values).
 *
 * The set grows as the service adds instance families, so this is a class with constants plus
 * `ComputeType.of()` for values this version of the library does not know yet.
 *
 * @example
 * ComputeType.PERFORMANCE;
 * ComputeType.of('GRAPHICS_G7_24XLARGE'); // a value newer than this library
 */
export class ComputeType {
  /** Value: 1 vCPU, 2 GiB memory. */
  public static readonly VALUE = new ComputeType('VALUE');
  /** Standard: 2 vCPU, 4 GiB memory. */
  public static readonly STANDARD = new ComputeType('STANDARD');
  /** Performance: 2 vCPU, 8 GiB memory. */
  public static readonly PERFORMANCE = new ComputeType('PERFORMANCE');
  /** Power: 4 vCPU, 16 GiB memory. */
  public static readonly POWER = new ComputeType('POWER');
  /** PowerPro: 8 vCPU, 32 GiB memory. */
  public static readonly POWERPRO = new ComputeType('POWERPRO');
  /** GeneralPurpose.4xlarge: 16 vCPU, 64 GiB memory. */
  public static readonly GENERALPURPOSE_4XLARGE = new ComputeType('GENERALPURPOSE_4XLARGE');
  /** GeneralPurpose.8xlarge: 32 vCPU, 128 GiB memory. */
  public static readonly GENERALPURPOSE_8XLARGE = new ComputeType('GENERALPURPOSE_8XLARGE');
  /** Graphics (G3 family, legacy). */
  public static readonly GRAPHICS = new ComputeType('GRAPHICS');
  /** GraphicsPro (G3 family, legacy). */
  public static readonly GRAPHICSPRO = new ComputeType('GRAPHICSPRO');
  /** Graphics.g4dn. */
  public static readonly GRAPHICS_G4DN = new ComputeType('GRAPHICS_G4DN');
  /** GraphicsPro.g4dn. */
  public static readonly GRAPHICSPRO_G4DN = new ComputeType('GRAPHICSPRO_G4DN');
  /** Graphics.g6.xlarge. */
  public static readonly GRAPHICS_G6_XLARGE = new ComputeType('GRAPHICS_G6_XLARGE');
  /** Graphics.g6.2xlarge. */
  public static readonly GRAPHICS_G6_2XLARGE = new ComputeType('GRAPHICS_G6_2XLARGE');
  /** Graphics.g6.4xlarge. */
  public static readonly GRAPHICS_G6_4XLARGE = new ComputeType('GRAPHICS_G6_4XLARGE');
  /** Graphics.g6.8xlarge. */
  public static readonly GRAPHICS_G6_8XLARGE = new ComputeType('GRAPHICS_G6_8XLARGE');
  /** Graphics.g6.16xlarge. */
  public static readonly GRAPHICS_G6_16XLARGE = new ComputeType('GRAPHICS_G6_16XLARGE');
  /** Graphics.gr6.4xlarge. */
  public static readonly GRAPHICS_GR6_4XLARGE = new ComputeType('GRAPHICS_GR6_4XLARGE');
  /** Graphics.gr6.8xlarge. */
  public static readonly GRAPHICS_GR6_8XLARGE = new ComputeType('GRAPHICS_GR6_8XLARGE');
  /** Graphics.g6f.large (fractional GPU). */
  public static readonly GRAPHICS_G6F_LARGE = new ComputeType('GRAPHICS_G6F_LARGE');
  /** Graphics.g6f.xlarge (fractional GPU). */
  public static readonly GRAPHICS_G6F_XLARGE = new ComputeType('GRAPHICS_G6F_XLARGE');
  /** Graphics.g6f.2xlarge (fractional GPU). */
  public static readonly GRAPHICS_G6F_2XLARGE = new ComputeType('GRAPHICS_G6F_2XLARGE');
  /** Graphics.g6f.4xlarge (fractional GPU). */
  public static readonly GRAPHICS_G6F_4XLARGE = new ComputeType('GRAPHICS_G6F_4XLARGE');
  /** Graphics.gr6f.4xlarge (fractional GPU). */
  public static readonly GRAPHICS_GR6F_4XLARGE = new ComputeType('GRAPHICS_GR6F_4XLARGE');
  /** Graphics.g7.2xlarge. */
  public static readonly GRAPHICS_G7_2XLARGE = new ComputeType('GRAPHICS_G7_2XLARGE');
  /** Graphics.g7.4xlarge. */
  public static readonly GRAPHICS_G7_4XLARGE = new ComputeType('GRAPHICS_G7_4XLARGE');
  /** Graphics.g7.8xlarge. */
  public static readonly GRAPHICS_G7_8XLARGE = new ComputeType('GRAPHICS_G7_8XLARGE');
  /** Graphics.g7.12xlarge. */
  public static readonly GRAPHICS_G7_12XLARGE = new ComputeType('GRAPHICS_G7_12XLARGE');

  /**
   * A compute type by its API name, for values newer than this library.
   *
   * @param name the service's `Compute` value, for example `GRAPHICS_G6_XLARGE`
   */
  public static of(name: string): ComputeType {
    return new ComputeType(name);
  }

  /** The service's `Compute` value, as sent to the API. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /**
   * Whether this is a GPU compute type (the `GRAPHICS*` families), whose volumes start at
   * 100 GiB root and 100 GiB user.
   */
  public get isGraphics(): boolean {
    return this.name.startsWith('GRAPHICS');
  }

  /** The API name. */
  public toString(): string {
    return this.name;
  }
}

/** When a WorkSpace runs, and how it is billed. */
export enum RunningMode {
  /** Stops after a period without a session (`autoStopTimeout`); billed by the hour. */
  AUTO_STOP = 'AUTO_STOP',
  /** Always running; billed by the month. */
  ALWAYS_ON = 'ALWAYS_ON',
  /** Started and stopped by you (Amazon WorkSpaces Core only; the account must be allow-listed). */
  MANUAL = 'MANUAL',
}

/** The streaming protocol of a WorkSpace. */
export enum Protocol {
  /** PC-over-IP. */
  PCOIP = 'PCOIP',
  /** WorkSpaces Streaming Protocol (DCV). */
  WSP = 'WSP',
}

/** Whether a registered directory's WorkSpaces run on dedicated or shared hardware. */
export enum Tenancy {
  /** Dedicated hardware: required for Bring Your Own License images. */
  DEDICATED = 'DEDICATED',
  /** Shared hardware. */
  SHARED = 'SHARED',
}

/** Whether a client device type may connect to the directory's WorkSpaces. */
export enum DeviceAccess {
  /** The device type may connect. */
  ALLOW = 'ALLOW',
  /** The device type may not connect. */
  DENY = 'DENY',
}

/** The state a WorkSpace is kept in. */
export enum WorkspaceState {
  /** Available to its user. */
  AVAILABLE = 'AVAILABLE',
  /** Maintenance mode: the user cannot connect while administrators work on the WorkSpace. */
  ADMIN_MAINTENANCE = 'ADMIN_MAINTENANCE',
}
