//! Field tables of the supported record types and search rows, in XSD sequence order.
//!
//! Each table lists the fields present in all of 2017.1, 2017.2 and 2023.2 (so one table serves
//! every endpoint version), in the order of the type's `xsd:sequence`. Record tables mark a
//! field's kind with a suffix: `@` a `platformCore:RecordRef`, `$` the `customFieldList`,
//! `[Line]` a sublist of line records (the line's own table), `:boolean`, `:long`, `:double`,
//! `:dateTime` and `:enum` a simple value of that XSD type; no suffix is an `xsd:string`. The
//! simulator checks written values against these types and generates its own schema from
//! them ([`crate::schema_gen`]). Row tables give each column's `SearchColumn*Field`
//! kind (`String`, `Select`, `Date`, ...). Other complex fields (addresses, other sublists) are
//! not supported and are dropped from records.

pub(super) const CUSTOMER: &str = "\
    customForm@ entityId altName isPerson:boolean phoneticName salutation firstName middleName \
    lastName companyName entityStatus@ parent@ phone fax email url defaultAddress \
    isInactive:boolean category@ title printOnCheckAs altPhone homePhone mobilePhone altEmail \
    language:enum comments numberFormat:enum negativeNumberFormat:enum dateCreated:dateTime \
    image@ emailPreference:enum subsidiary@ representingSubsidiary@ salesRep@ territory@ \
    contribPct partner@ salesGroup@ vatRegNumber accountNumber taxExempt:boolean terms@ \
    creditLimit:double creditHoldOverride:enum monthlyClosing:enum \
    overrideCurrencyFormat:boolean displaySymbol symbolPlacement:enum balance:double \
    overdueBalance:double daysOverdue:long unbilledOrders:double consolUnbilledOrders:double \
    consolOverdueBalance:double consolDepositBalance:double consolBalance:double \
    consolAging:double consolAging1:double consolAging2:double consolAging3:double \
    consolAging4:double consolDaysOverdue:long priceLevel@ currency@ prefCCProcessor@ \
    depositBalance:double shipComplete:boolean taxable:boolean taxItem@ resaleNumber \
    aging:double aging1:double aging2:double aging3:double aging4:double startDate:dateTime \
    alcoholRecipientType:enum endDate:dateTime reminderDays:long shippingItem@ thirdPartyAcct \
    thirdPartyZipcode thirdPartyCountry:enum giveAccess:boolean estimatedBudget:double \
    accessRole@ sendEmail:boolean password password2 requirePwdChange:boolean \
    campaignCategory@ leadSource@ receivablesAccount@ drAccount@ fxAccount@ \
    defaultOrderPriority:double webLead referrer keywords clickStream lastPageVisited \
    visits:long firstVisit:dateTime lastVisit:dateTime billPay:boolean openingBalance:double \
    lastModifiedDate:dateTime openingBalanceDate:dateTime openingBalanceAccount@ stage:enum \
    emailTransactions:boolean printTransactions:boolean faxTransactions:boolean \
    syncPartnerTeams:boolean isBudgetApproved:boolean globalSubscriptionStatus:enum \
    salesReadiness@ buyingReason@ buyingTimeFrame@ customFieldList$";

pub(super) const CONTACT: &str = "\
    customForm@ entityId contactSource@ company@ salutation firstName middleName lastName \
    title phone fax email defaultAddress isPrivate:boolean isInactive:boolean subsidiary@ \
    phoneticName altEmail officePhone homePhone mobilePhone supervisor@ supervisorPhone \
    assistant@ assistantPhone comments globalSubscriptionStatus:enum image@ billPay:boolean \
    dateCreated:dateTime lastModifiedDate:dateTime customFieldList$";

pub(super) const VENDOR: &str = "\
    customForm@ entityId altName isPerson:boolean phoneticName salutation firstName middleName \
    lastName companyName phone fax email url defaultAddress isInactive:boolean \
    lastModifiedDate:dateTime dateCreated:dateTime category@ title printOnCheckAs altPhone \
    homePhone mobilePhone altEmail comments globalSubscriptionStatus:enum image@ \
    emailPreference:enum subsidiary@ representingSubsidiary@ accountNumber legalName \
    vatRegNumber expenseAccount@ payablesAccount@ terms@ incoterm@ creditLimit:double \
    balancePrimary:double openingBalance:double openingBalanceDate:dateTime \
    openingBalanceAccount@ balance:double unbilledOrdersPrimary:double bcn \
    unbilledOrders:double currency@ is1099Eligible:boolean isJobResourceVend:boolean \
    laborCost:double purchaseOrderQuantity:double purchaseOrderAmount:double \
    purchaseOrderQuantityDiff:double receiptQuantity:double receiptAmount:double \
    receiptQuantityDiff:double workCalendar@ taxIdNum taxItem@ giveAccess:boolean \
    sendEmail:boolean billPay:boolean isAccountant:boolean password password2 \
    requirePwdChange:boolean eligibleForCommission:boolean emailTransactions:boolean \
    printTransactions:boolean faxTransactions:boolean customFieldList$";

pub(super) const EMPLOYEE: &str = "\
    customForm@ template@ entityId salutation firstName middleName lastName altName phone fax \
    email defaultAddress isInactive:boolean phoneticName lastModifiedDate:dateTime \
    dateCreated:dateTime initials officePhone homePhone mobilePhone department@ class@ \
    location@ subsidiary@ billingClass@ accountNumber comments globalSubscriptionStatus:enum \
    image@ payFrequency:enum lastPaidDate:dateTime currency@ useTimeData:enum \
    usePerquest:boolean workplace@ adpId directDeposit:boolean expenseLimit:double \
    purchaseOrderLimit:double purchaseOrderApprovalLimit:double socialSecurityNumber \
    supervisor@ approver@ approvalLimit:double timeApprover@ employeeType@ isSalesRep:boolean \
    salesRole@ isSupportRep:boolean isJobResource:boolean laborCost:double birthDate:dateTime \
    hireDate:dateTime releaseDate:dateTime lastReviewDate:dateTime nextReviewDate:dateTime \
    title employeeStatus@ jobDescription maritalStatus@ ethnicity@ gender:enum \
    purchaseOrderApprover@ workCalendar@ giveAccess:boolean concurrentWebServicesUser:boolean \
    sendEmail:boolean hasOfflineAccess:boolean password password2 requirePwdChange:boolean \
    inheritIPRules:boolean IPAddressRule commissionPaymentPreference:enum billPay:boolean \
    eligibleForCommission:boolean customFieldList$";

pub(super) const INVENTORY_ITEM: &str = "\
    createdDate:dateTime lastModifiedDate:dateTime purchaseDescription copyDescription:boolean \
    expenseAccount@ dateConvertedToInv:dateTime originalItemType:enum originalItemSubtype:enum \
    cogsAccount@ intercoCogsAccount@ salesDescription fraudRisk:enum includeChildren:boolean \
    incomeAccount@ intercoIncomeAccount@ taxSchedule@ dropshipExpenseAccount@ \
    deferRevRec:boolean revenueRecognitionRule@ revenueAllocationGroup@ isTaxable:boolean \
    matrixType:enum assetAccount@ matchBillToReceipt:boolean billQtyVarianceAcct@ \
    billPriceVarianceAcct@ billExchRateVarianceAcct@ gainLossAccount@ shippingCost:double \
    shippingCostUnits handlingCost:double handlingCostUnits weight:double weightUnit:enum \
    weightUnits costingMethodDisplay unitsType@ stockUnit@ purchaseUnit@ saleUnit@ \
    issueProduct@ billingSchedule@ trackLandedCost:boolean matrixItemNameTemplate \
    isDropShipItem:boolean isSpecialOrderItem:boolean stockDescription deferredRevenueAccount@ \
    producer:boolean manufacturer revRecSchedule@ mpn multManufactureAddr:boolean \
    manufacturerAddr1 manufacturerCity manufacturerState manufacturerZip \
    countryOfManufacture:enum roundUpAsComponent:boolean purchaseOrderQuantity:double \
    purchaseOrderAmount:double purchaseOrderQuantityDiff:double receiptQuantity:double \
    receiptAmount:double receiptQuantityDiff:double defaultItemShipMethod@ itemCarrier:enum \
    manufacturerTaxId scheduleBNumber scheduleBQuantity:long scheduleBCode:enum \
    manufacturerTariff preferenceCriterion:enum minimumQuantity:long \
    enforceMinQtyInternally:boolean minimumQuantityUnits softDescriptor@ shipPackage@ \
    shipIndividually:boolean costCategory@ pricesIncludeTax:boolean purchasePriceVarianceAcct@ \
    quantityPricingSchedule@ reorderPointUnits useMarginalRates:boolean \
    preferredStockLevelUnits costEstimateType:enum costEstimate:double transferPrice:double \
    overallQuantityPricingType:enum pricingGroup@ vsoePrice:double vsoeSopGroup:enum \
    costEstimateUnits vsoeDeferral:enum vsoePermitDiscount:enum vsoeDelivered:boolean \
    itemRevenueCategory@ preferredLocation@ reorderMultiple:long cost:double \
    lastInvtCountDate:dateTime nextInvtCountDate:dateTime invtCountInterval:long \
    invtClassification:enum costUnits totalValue:double averageCost:double useBins:boolean \
    quantityReorderUnits leadTime:long autoLeadTime:boolean lastPurchasePrice:double \
    autoPreferredStockLevel:boolean preferredStockLevelDays:double safetyStockLevel:double \
    safetyStockLevelDays:long backwardConsumptionDays:long seasonalDemand:boolean \
    safetyStockLevelUnits demandModifier:double distributionNetwork@ distributionCategory@ \
    autoReorderPoint:boolean storeDisplayName storeDisplayThumbnail@ storeDisplayImage@ \
    storeDescription storeDetailedDescription storeItemTemplate@ pageTitle metaTagHtml \
    excludeFromSitemap:boolean sitemapPriority:enum searchKeywords isDonationItem:boolean \
    showDefaultDonationAmount:boolean maxDonationAmount:double dontShowPrice:boolean \
    noPriceMessage outOfStockMessage onSpecial:boolean outOfStockBehavior:enum \
    relatedItemsDescription specialsDescription featuredDescription shoppingDotComCategory \
    shopzillaCategoryId:long nexTagCategory urlComponent customForm@ itemId upcCode \
    displayName vendorName parent@ isOnline:boolean isHazmatItem:boolean hazmatId \
    hazmatShippingName hazmatHazardClass hazmatPackingGroup:enum hazmatItemUnits \
    hazmatItemUnitsQty:double isGcoCompliant:boolean offerSupport:boolean isInactive:boolean \
    availableToPartners:boolean department@ class@ location@ costingMethod:enum currency \
    preferredStockLevel:double purchaseTaxCode@ defaultReturnCost:double \
    supplyReplenishmentMethod@ alternateDemandSourceItem@ fixedLotSize:double \
    periodicLotSizeType:enum supplyType@ demandTimeFence:long supplyTimeFence:long \
    rescheduleInDays:long rescheduleOutDays:long periodicLotSizeDays:long \
    supplyLotSizingMethod@ forwardConsumptionDays:long demandSource@ \
    quantityBackOrdered:double quantityCommitted:double quantityAvailable:double \
    quantityOnHand:double onHandValueMli:double quantityOnOrder:double rate:double \
    reorderPoint:double quantityCommittedUnits salesTaxCode@ quantityAvailableUnits \
    quantityOnHandUnits vendor@ quantityOnOrderUnits customFieldList$";

pub(super) const NON_INVENTORY_SALE_ITEM: &str = "\
    createdDate:dateTime lastModifiedDate:dateTime salesDescription includeChildren:boolean \
    incomeAccount@ isTaxable:boolean matrixType:enum taxSchedule@ shippingCost:double \
    shippingCostUnits handlingCost:double handlingCostUnits costEstimateType:enum \
    costEstimate:double weight:double weightUnit:enum weightUnits costEstimateUnits unitsType@ \
    saleUnit@ issueProduct@ billingSchedule@ deferredRevenueAccount@ revRecSchedule@ \
    stockDescription isHazmatItem:boolean hazmatId hazmatShippingName hazmatHazardClass \
    hazmatPackingGroup:enum hazmatItemUnits hazmatItemUnitsQty:double producer:boolean \
    manufacturer mpn multManufactureAddr:boolean manufacturerAddr1 manufacturerCity \
    manufacturerState manufacturerZip countryOfManufacture:enum manufacturerTaxId \
    scheduleBNumber scheduleBQuantity:long scheduleBCode:enum manufacturerTariff \
    preferenceCriterion:enum minimumQuantity:long enforceMinQtyInternally:boolean \
    softDescriptor shipPackage@ shipIndividually:boolean isFulfillable:boolean costCategory@ \
    pricesIncludeTax:boolean quantityPricingSchedule@ useMarginalRates:boolean \
    overallQuantityPricingType:enum pricingGroup@ minimumQuantityUnits vsoePrice:double \
    vsoeSopGroup:enum vsoeDeferral:enum vsoePermitDiscount:enum vsoeDelivered:boolean \
    itemRevenueCategory@ deferRevRec:boolean revenueRecognitionRule@ revenueAllocationGroup@ \
    storeDisplayName storeDisplayThumbnail@ storeDisplayImage@ storeDescription \
    storeDetailedDescription storeItemTemplate@ pageTitle metaTagHtml \
    excludeFromSitemap:boolean sitemapPriority:enum searchKeywords isDonationItem:boolean \
    showDefaultDonationAmount:boolean maxDonationAmount:double dontShowPrice:boolean \
    noPriceMessage outOfStockMessage onSpecial:boolean outOfStockBehavior:enum \
    relatedItemsDescription specialsDescription featuredDescription shoppingDotComCategory \
    shopzillaCategoryId:long nexTagCategory urlComponent customForm@ itemId upcCode \
    displayName parent@ isOnline:boolean isGcoCompliant:boolean offerSupport:boolean \
    isInactive:boolean matrixItemNameTemplate availableToPartners:boolean department@ class@ \
    location@ defaultItemShipMethod@ itemCarrier:enum purchaseTaxCode@ rate:double \
    salesTaxCode@ customFieldList$";

pub(super) const SERVICE_SALE_ITEM: &str = "\
    createdDate:dateTime lastModifiedDate:dateTime salesDescription includeChildren:boolean \
    incomeAccount@ isTaxable:boolean matrixType:enum taxSchedule@ costEstimateType:enum \
    costEstimate:double unitsType@ saleUnit@ issueProduct@ costEstimateUnits billingSchedule@ \
    deferredRevenueAccount@ revRecSchedule@ minimumQuantity:long \
    enforceMinQtyInternally:boolean softDescriptor pricesIncludeTax:boolean \
    quantityPricingSchedule@ useMarginalRates:boolean overallQuantityPricingType:enum \
    isFulfillable:boolean costCategory@ pricingGroup@ minimumQuantityUnits vsoePrice:double \
    vsoeSopGroup:enum vsoeDeferral:enum vsoePermitDiscount:enum vsoeDelivered:boolean \
    itemRevenueCategory@ deferRevRec:boolean revenueRecognitionRule@ revenueAllocationGroup@ \
    createJob:boolean matrixItemNameTemplate storeDisplayName storeDisplayThumbnail@ \
    storeDisplayImage@ storeDescription storeDetailedDescription storeItemTemplate@ pageTitle \
    urlComponent metaTagHtml excludeFromSitemap:boolean sitemapPriority:enum searchKeywords \
    isDonationItem:boolean showDefaultDonationAmount:boolean maxDonationAmount:double \
    dontShowPrice:boolean noPriceMessage outOfStockMessage onSpecial:boolean \
    outOfStockBehavior:enum relatedItemsDescription specialsDescription featuredDescription \
    customForm@ itemId upcCode displayName parent@ isOnline:boolean isGcoCompliant:boolean \
    offerSupport:boolean isInactive:boolean availableToPartners:boolean department@ class@ \
    location@ purchaseTaxCode@ rate:double salesTaxCode@ customFieldList$";

pub(super) const SALES_ORDER: &str = "\
    createdDate:dateTime customForm@ entity@ job@ currency@ drAccount@ fxAccount@ \
    tranDate:dateTime tranId source createdFrom@ orderStatus:enum opportunity@ salesRep@ \
    contribPct partner@ salesGroup@ syncSalesTeams:boolean leadSource@ startDate:dateTime \
    endDate:dateTime otherRefNum memo salesEffectiveDate:dateTime excludeCommission:boolean \
    totalCostEstimate:double estGrossProfit:double estGrossProfitPercent:double \
    exchangeRate:double promoCode@ currencyName discountItem@ discountRate isTaxable:boolean \
    taxItem@ taxRate:double toBePrinted:boolean toBeEmailed:boolean email toBeFaxed:boolean \
    fax messageSel@ message billAddressList@ shipIsResidential:boolean shipAddressList@ fob \
    shipDate:dateTime actualShipDate:dateTime shipMethod@ shippingCost:double \
    shippingTax1Rate:double isMultiShipTo:boolean shippingTax2Rate shippingTaxCode@ \
    handlingTaxCode@ handlingTax1Rate:double handlingTax2Rate handlingCost:double \
    trackingNumbers linkedTrackingNumbers shipComplete:boolean paymentMethod@ shopperIpAddress \
    saveOnAuthDecline:boolean creditCard@ revenueStatus:enum recognizedRevenue:double \
    deferredRevenue:double revRecOnRevCommitment:boolean revCommitStatus:enum ccNumber \
    ccExpireDate:dateTime ccName ccStreet ccZipCode payPalStatus creditCardProcessor@ \
    payPalTranId ccApproved:boolean getAuth:boolean authCode ccAvsStreetMatch:enum \
    ccAvsZipMatch:enum isRecurringPayment:boolean ccSecurityCodeMatch:enum \
    altSalesTotal:double ignoreAvs:boolean paymentEventResult:enum paymentEventHoldReason:enum \
    paymentEventType:enum paymentEventDate:dateTime paymentEventUpdatedBy subTotal:double \
    discountTotal:double taxTotal:double altShippingCost:double altHandlingCost:double \
    total:double revRecSchedule@ revRecStartDate:dateTime revRecEndDate:dateTime paypalAuthId \
    balance:double paypalProcess:boolean billingSchedule@ ccSecurityCode threeDStatusCode \
    class@ department@ subsidiary@ intercoTransaction@ intercoStatus:enum debitCardIssueNo \
    lastModifiedDate:dateTime location@ pnRefNum status tax2Total:double terms@ \
    validFrom:dateTime vatRegNum giftCertApplied:double oneTime:double recurWeekly:double \
    recurMonthly:double recurQuarterly:double recurAnnually:double tranIsVsoeBundle:boolean \
    vsoeAutoCalc:boolean syncPartnerTeams:boolean itemList[SalesOrderItem] customFieldList$";

pub(super) const SALES_ORDER_ITEM: &str = "\
    job@ subscription@ item@ quantityAvailable:double expandItemGroup:boolean \
    quantityOnHand:double quantity:double units@ description price@ rate serialNumbers \
    amount:double isTaxable:boolean commitInventory:enum orderPriority:double licenseCode \
    options$ department@ class@ location@ createPo:enum createdPo@ altSalesAmt:double \
    createWo:boolean poVendor@ poCurrency poRate:double revRecSchedule@ \
    revRecStartDate:dateTime revRecTermInMonths:long revRecEndDate:dateTime \
    deferRevRec:boolean isClosed:boolean itemFulfillmentChoice:enum catchUpPeriod@ \
    billingSchedule@ fromJob:boolean grossAmt:double excludeFromRateRequest:boolean \
    isEstimate:boolean line:long percentComplete:double costEstimateType:enum \
    costEstimate:double quantityBackOrdered:double quantityBilled:double \
    quantityCommitted:double quantityFulfilled:double quantityPacked:double \
    quantityPicked:double tax1Amt:double taxCode@ taxRate1:double taxRate2:double giftCertFrom \
    giftCertRecipientName giftCertRecipientEmail giftCertMessage giftCertNumber shipGroup:long \
    itemIsFulfilled:boolean shipAddress@ shipMethod@ vsoeSopGroup:enum vsoeIsEstimate:boolean \
    vsoePrice:double vsoeAmount:double vsoeAllocation:double vsoeDeferral:enum \
    vsoePermitDiscount:enum vsoeDelivered:boolean expectedShipDate:dateTime \
    noAutoAssignLocation:boolean locationAutoAssigned:boolean chargeType@ customFieldList$";

pub(super) const INVOICE: &str = "\
    createdDate:dateTime lastModifiedDate:dateTime customForm@ nextApprover@ entity@ \
    billingAccount@ recurringBill:boolean tranDate:dateTime tranId source createdFrom@ \
    postingPeriod@ opportunity@ department@ class@ terms@ location@ subsidiary@ currency@ \
    dueDate:dateTime discountDate:dateTime discountAmount:double salesRep@ contribPct partner@ \
    leadSource@ startDate:dateTime endDate:dateTime otherRefNum memo \
    salesEffectiveDate:dateTime excludeCommission:boolean totalCostEstimate:double \
    estGrossProfit:double estGrossProfitPercent:double revRecSchedule@ \
    revRecStartDate:dateTime revRecEndDate:dateTime amountPaid:double amountRemaining:double \
    balance:double account@ onCreditHold exchangeRate:double currencyName promoCode@ \
    discountItem@ discountRate isTaxable:boolean taxItem@ taxRate:double toBePrinted:boolean \
    toBeEmailed:boolean toBeFaxed:boolean fax messageSel@ message billAddressList@ \
    shipIsResidential:boolean shipAddressList@ fob shipDate:dateTime shipMethod@ \
    shippingCost:double shippingTax1Rate:double shippingTax2Rate shippingTaxCode@ \
    handlingTaxCode@ handlingTax1Rate:double handlingCost:double handlingTax2Rate \
    trackingNumbers linkedTrackingNumbers salesGroup@ subTotal:double revenueStatus:enum \
    recognizedRevenue:double deferredRevenue:double revRecOnRevCommitment:boolean \
    syncSalesTeams:boolean discountTotal:double taxTotal:double altShippingCost:double \
    altHandlingCost:double total:double status job@ billingSchedule@ email tax2Total:double \
    vatRegNum expCostDiscount@ itemCostDiscount@ timeDiscount@ expCostDiscRate \
    itemCostDiscRate timeDiscRate expCostDiscAmount:double expCostTaxRate1:double \
    expCostTaxRate2:double itemCostDiscAmount:double expCostTaxCode@ expCostDiscTax1Amt:double \
    itemCostTaxRate1:double timeDiscAmount:double itemCostTaxCode@ expCostDiscTaxable:boolean \
    itemCostDiscTaxable:boolean itemCostTaxRate2:double itemCostDiscTax1Amt:double \
    itemCostDiscPrint:boolean timeDiscTaxable:boolean timeTaxRate1:double \
    expCostDiscPrint:boolean timeTaxCode@ timeDiscPrint:boolean giftCertApplied:double \
    timeDiscTax1Amt:double tranIsVsoeBundle:boolean timeTaxRate2:double vsoeAutoCalc:boolean \
    syncPartnerTeams:boolean itemList[InvoiceItem] approvalStatus@ customFieldList$";

pub(super) const INVOICE_ITEM: &str = "\
    job@ item@ line:long description amount:double isTaxable:boolean options$ \
    subscriptionLine@ deferRevRec:boolean quantity:double currentPercent:double units@ \
    serialNumbers binNumbers price@ rate percentComplete:double quantityOnHand:double \
    quantityAvailable:double quantityOrdered:double quantityRemaining:double \
    quantityFulfilled:double amountOrdered:double department@ orderLine:long licenseCode \
    class@ location@ revRecSchedule@ revRecStartDate:dateTime revRecEndDate:dateTime \
    grossAmt:double costEstimateType:enum costEstimate:double excludeFromRateRequest:boolean \
    catchUpPeriod@ tax1Amt:double taxCode@ taxRate1:double taxRate2:double giftCertFrom \
    giftCertRecipientName giftCertRecipientEmail giftCertMessage giftCertNumber shipGroup:long \
    itemIsFulfilled:boolean shipAddress@ shipMethod@ vsoeSopGroup:enum vsoeIsEstimate:boolean \
    vsoePrice:double vsoeAmount:double vsoeAllocation:double vsoeDeferral:enum \
    vsoePermitDiscount:enum vsoeDelivered:boolean chargeType@ customFieldList$";

pub(super) const CUSTOM_RECORD: &str = "\
    customRecordId customForm@ isInactive:boolean parent@ disclaimer created:dateTime \
    lastModified:dateTime name autoName:boolean altName owner@ recType@ \
    enableNumbering:boolean numberingPrefix numberingSuffix numberingMinDigits:long \
    description numberingInit:long numberingCurrentNumber:long allowNumberingOverride:boolean \
    isNumberingUpdateable:boolean includeName:boolean showId:boolean showCreationDate:boolean \
    showCreationDateOnList:boolean showLastModified:boolean showLastModifiedOnList:boolean \
    showOwner:boolean showOwnerOnList:boolean showOwnerAllowChange:boolean \
    usePermissions:boolean allowAttachments:boolean showNotes:boolean enablEmailMerge:boolean \
    isOrdered:boolean allowInlineEditing:boolean isAvailableOffline:boolean \
    allowQuickSearch:boolean recordName scriptId customFieldList$";

pub(super) const CUSTOMER_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    altContact:String altEmail:String altName:String altPhone:String attention:String \
    availableOffline:Boolean balance:Double billAddress:String billAddress1:String \
    billAddress2:String billAddress3:String billAddressee:String billAttention:String \
    billCity:String billCountry:EnumSelect billCountryCode:String billPhone:String \
    billState:String billZipCode:String buyingReason:String buyingTimeFrame:String \
    category:Select ccCustomerCode:String ccDefault:Boolean ccExpDate:Date \
    ccHolderName:String ccInternalId:String ccNumber:String ccState:Select ccStateFrom:Date \
    ccType:Select city:String comments:String companyName:String consolBalance:Double \
    consolDaysOverdue:Long consolDepositBalance:Double consolOverdueBalance:Double \
    consolUnbilledOrders:Double contact:String contribution:Double \
    contributionPrimary:Double conversionDate:Date country:EnumSelect countryCode:String \
    creditHold:EnumSelect creditHoldOverride:Boolean creditLimit:Double currency:Select \
    dateClosed:Date dateCreated:Date daysOverdue:Long defaultOrderPriority:Double \
    depositBalance:Double drAccount:String email:String emailPreference:EnumSelect \
    emailTransactions:Boolean endDate:Date entityId:String entityNumber:Long \
    entityStatus:Select estimatedBudget:Double explicitConversion:Boolean externalId:Select \
    fax:String faxTransactions:Boolean firstName:String firstOrderDate:Date \
    firstSaleDate:Date fxAccount:String fxBalance:Double fxConsolBalance:Double \
    fxConsolUnbilledOrders:Double fxUnbilledOrders:Double giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect groupPricingLevel:String hasDuplicates:Boolean \
    homePhone:String image:Select internalId:Select isBudgetApproved:Boolean \
    isDefaultBilling:Boolean isDefaultShipping:Boolean isInactive:Boolean isPerson:Boolean \
    isShipAddress:Boolean itemPricingLevel:String itemPricingUnitPrice:Double \
    jobEndDate:Date jobProjectedEnd:Date jobStartDate:Date jobType:Select \
    language:EnumSelect lastModifiedDate:Date lastName:String lastOrderDate:Date \
    lastSaleDate:Date leadDate:Date leadSource:Select level:EnumSelect \
    manualCreditHold:Boolean middleName:String mobilePhone:String monthlyClosing:EnumSelect \
    onCreditHold:Boolean overdueBalance:Double parent:Select partner:Select \
    partnerContribution:Double partnerRole:String partnerTeamMember:Select pec:String \
    permission:EnumSelect phone:String phoneticName:String prefCCProcessor:Select \
    priceLevel:Select pricingGroup:String pricingItem:String printTransactions:Boolean \
    prospectDate:Date receivablesAccount:String reminderDays:Long resaleNumber:String \
    role:String salesReadiness:String salesRep:Select salesTeamMember:Select \
    salesTeamRole:Select salutation:String shipAddress:String shipAddress1:String \
    shipAddress2:String shipAddress3:String shipAddressee:String shipAttention:String \
    shipCity:String shipComplete:Boolean shipCountry:EnumSelect shipCountryCode:String \
    shipPhone:String shippingItem:Select shipState:String shipZip:String stage:EnumSelect \
    startDate:Date state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select taxable:Boolean taxItem:Select terms:Select \
    territory:Select title:String unbilledOrders:Double url:String vatRegNumber:String \
    webLead:Boolean zipCode:String customFieldList:CustomList";

pub(super) const CONTACT_ROW: &str = "\
    address:String address1:String address2:String address3:String addressee:String \
    addressInternalId:String addressLabel:String addressPhone:String altEmail:String \
    altName:String altPhone:String attention:String availableOffline:Boolean \
    billAddress1:String billAddress2:String billAddress3:String billAddressee:String \
    billAttention:String billCity:String billCountry:EnumSelect billCountryCode:String \
    billPhone:String billState:String billZipCode:String category:Select city:String \
    comments:String company:Select contactRole:Select contactSource:String \
    country:EnumSelect countryCode:String dateCreated:Date email:String entityId:String \
    entityNumber:Long externalId:Select fax:String firstName:String giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hasDuplicates:Boolean homePhone:String image:Select \
    internalId:Select isDefaultBilling:Boolean isDefaultShipping:Boolean isInactive:Boolean \
    language:EnumSelect lastModifiedDate:Date lastName:String level:EnumSelect \
    middleName:String mobilePhone:String owner:Select permission:EnumSelect phone:String \
    phoneticName:String salutation:String shipAddress1:String shipAddress2:String \
    shipAddress3:String shipAddressee:String shipAttention:String shipCity:String \
    shipCountry:EnumSelect shipCountryCode:String shipPhone:String shipState:String \
    shipZip:String state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select title:String zipCode:String \
    customFieldList:CustomList";

pub(super) const VENDOR_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    altContact:String altEmail:String altName:String altPhone:String attention:String \
    balance:Double billAddress:String billAddress1:String billAddress2:String \
    billAddress3:String billAddressee:String billAttention:String billCity:String \
    billCountry:EnumSelect billCountryCode:String billPhone:String billState:String \
    billZipCode:String category:Select city:String comments:String companyName:String \
    contact:String country:EnumSelect countryCode:String creditLimit:Double currency:Select \
    currentExchangeRate:Double dateCreated:Date eligibleForCommission:Boolean email:String \
    emailPreference:EnumSelect emailTransactions:Boolean entityId:String entityNumber:Long \
    expenseAccount:Select externalId:Select fax:String faxTransactions:Boolean \
    firstName:String fxBalance:Double fxUnbilledOrders:Double giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hasDuplicates:Boolean homePhone:String image:Select \
    incoterm:Select internalId:Select is1099Eligible:Boolean isDefaultBilling:Boolean \
    isDefaultShipping:Boolean isInactive:Boolean isJobResourceVend:Boolean isPerson:Boolean \
    laborCost:Double language:EnumSelect lastModifiedDate:Date lastName:String \
    level:EnumSelect middleName:String mobilePhone:String payablesAccount:Select pec:String \
    permission:EnumSelect phone:String phoneticName:String printOnCheckAs:String \
    printTransactions:Boolean purchaseOrderAmount:Double purchaseOrderQuantity:Double \
    purchaseOrderQuantityDiff:Double receiptAmount:Double receiptQuantity:Double \
    receiptQuantityDiff:Double salutation:String shipAddress:String shipAddress1:String \
    shipAddress2:String shipAddress3:String shipAddressee:String shipAttention:String \
    shipCity:String shipCountry:EnumSelect shipCountryCode:String shipPhone:String \
    shipState:String shipZip:String state:String subscription:Select subscriptionDate:Date \
    subscriptionStatus:Boolean subsidiary:Select taxIdNum:String terms:Select title:String \
    unbilledOrders:Double url:String vatRegNumber:String workCalendar:Select zipCode:String \
    customFieldList:CustomList";

pub(super) const EMPLOYEE_ROW: &str = "\
    accountNumber:String address:String address1:String address2:String address3:String \
    addressee:String addressInternalId:String addressLabel:String addressPhone:String \
    alienNumber:String altEmail:String altName:String altPhone:String approvalLimit:Double \
    approver:Select attention:String authWorkDate:Date billAddress:String \
    billAddress1:String billAddress2:String billAddress3:String billAddressee:String \
    billAttention:String billCity:String billCountry:EnumSelect billCountryCode:String \
    billingClass:Select billPhone:String billState:String billZipCode:String birthDate:Date \
    birthDay:Date city:String class:Select comments:String concurrentWebServicesUser:Boolean \
    country:EnumSelect countryCode:String dateCreated:Date department:Select \
    eligibleForCommission:Boolean email:String employeeStatus:Select employeeType:Select \
    entityId:String entityNumber:Long ethnicity:Select expenseLimit:Double externalId:Select \
    fax:String firstName:String gender:EnumSelect giveAccess:Boolean \
    globalSubscriptionStatus:EnumSelect hireDate:Date homePhone:String i9Verified:Boolean \
    image:Select internalId:Select isDefaultBilling:Boolean isDefaultShipping:Boolean \
    isInactive:Boolean isJobResource:Boolean isSalesRep:Boolean isSupportRep:Boolean \
    isTemplate:Boolean laborCost:Double language:EnumSelect lastModifiedDate:Date \
    lastName:String lastPaidDate:Date lastReviewDate:Date level:EnumSelect location:Select \
    maritalStatus:Select middleName:String mobilePhone:String nextReviewDate:Date \
    offlineAccess:Boolean payFrequency:EnumSelect permChangeDate:Date permChangeLevel:String \
    permission:EnumSelect permissionChange:EnumSelect phone:String phoneticName:String \
    primaryEarningAmount:Double primaryEarningItem:String primaryEarningType:String \
    purchaseOrderApprovalLimit:Double purchaseOrderApprover:Select purchaseOrderLimit:Double \
    releaseDate:Date residentStatus:Select role:Select roleChange:String \
    roleChangeAction:String roleChangeDate:Date salesRole:Select salutation:String \
    shipAddress1:String shipAddress2:String shipAddress3:String shipAddressee:String \
    shipAttention:String shipCity:String shipCountry:EnumSelect shipCountryCode:String \
    shipPhone:String shipState:String shipZip:String socialSecurityNumber:String \
    state:EnumSelect subscription:Select subscriptionDate:Date subscriptionStatus:Boolean \
    subsidiary:Select supervisor:Select timeApprover:Select title:String usePerquest:Boolean \
    useTimeData:Boolean visaExpDate:Date visaType:Select workCalendar:String \
    workplace:Select zipCode:String customFieldList:CustomList";

pub(super) const ITEM_ROW: &str = "\
    accountingBook:Select accountingBookAmortization:Select \
    accountingBookRevRecSchedule:Select allowedShippingMethod:Select \
    alternateDemandSourceItem:String assetAccount:Select atpLeadTime:Double \
    atpMethod:EnumSelect autoLeadTime:Boolean autoPreferredStockLevel:Boolean \
    autoReorderPoint:Boolean availableToPartners:Boolean averageCost:Double \
    backwardConsumptionDays:Long basePrice:Double billExchRateVarianceAcct:Select \
    billPriceVarianceAcct:Select billQtyVarianceAcct:Select binNumber:String \
    binOnHandAvail:Double binOnHandCount:Double bomQuantity:Double \
    buildEntireAssembly:Boolean buildTime:Double buyItNowPrice:Double category:String \
    categoryPreferred:String class:Select componentYield:Double copyDescription:Boolean \
    correlatedItem:Select correlatedItemCorrelation:Double correlatedItemCount:Long \
    correlatedItemLift:Double correlatedItemPurchaseRate:Double cost:Double \
    costAccountingStatus:EnumSelect costCategory:String costEstimate:Double \
    costEstimateType:EnumSelect costingMethod:EnumSelect countryOfManufacture:EnumSelect \
    created:Date createJob:Boolean custReturnVarianceAccount:Select dateViewed:Date \
    daysBeforeExpiration:String defaultReturnCost:Double defaultShippingMethod:String \
    deferredExpenseAccount:Select deferredRevenueAccount:Select deferRevRec:Boolean \
    demandModifier:Double demandSource:EnumSelect demandTimeFence:Long department:Select \
    departmentnohierarchy:Select displayIneBayStore:Boolean displayName:String \
    distributionCategory:Select distributionNetwork:Select dontShowPrice:Boolean \
    eBayItemDescription:String eBayItemSubtitle:String eBayItemTitle:String \
    ebayRelistingOption:EnumSelect effectiveBomControl:EnumSelect effectiveDate:Date \
    effectiveRevision:Select endAuctionsWhenOutOfStock:Boolean excludeFromSitemap:Boolean \
    expenseAccount:Select externalId:Select featuredDescription:String \
    feedDescription:String feedName:String fixedLotSize:Double forwardConsumptionDays:Long \
    fraudRisk:EnumSelect froogleProductFeed:Boolean fxCost:Double gainLossAccount:Select \
    generateAccruals:Boolean giftCertAuthCode:String giftCertEmail:String \
    giftCertExpirationDate:String giftCertFrom:String giftCertMessage:String \
    giftCertOriginalAmount:String giftCertRecipient:String hits:Long imageUrl:String \
    includeChildren:Boolean incomeAccount:Select intercoExpenseAccount:Select \
    intercoIncomeAccount:Select internalId:Select inventoryLocation:Select \
    invtClassification:EnumSelect invtCountInterval:Long isAvailable:Boolean \
    isDropShipItem:Boolean isFulfillable:Boolean isGcoCompliant:Boolean isInactive:Boolean \
    isLotItem:Boolean isOnline:Boolean isSerialItem:Boolean isSpecialOrderItem:Boolean \
    isSpecialWorkOrderItem:Boolean issueProduct:Select isTaxable:Boolean \
    isVsoeBundle:Boolean isWip:Boolean itemId:String itemRevenueCategory:Select \
    itemUrl:String lastInvtCountDate:Date lastPurchasePrice:Double \
    lastQuantityAvailableChange:Date leadTime:Long liabilityAccount:Select \
    listingDuration:EnumSelect location:Select locationAtpLeadTime:Double \
    locationAverageCost:Double locationBinQuantityAvailable:String locationBuildTime:Double \
    locationCost:Double locationCostAccountingStatus:EnumSelect \
    locationDefaultReturnCost:Double locationDemandSource:EnumSelect \
    locationDemandTimeFence:Long locationFixedLotSize:Double \
    locationInventoryCostTemplate:String locationInvtClassification:EnumSelect \
    locationInvtCountInterval:Long locationLastInvtCountDate:Date locationLeadTime:Long \
    locationNextInvtCountDate:Date locationPeriodicLotSizeDays:Long \
    locationPeriodicLotSizeType:EnumSelect locationPreferredStockLevel:Double \
    locationQuantityAvailable:Double locationQuantityBackOrdered:Double \
    locationQuantityCommitted:Double locationQuantityInTransit:Double \
    locationQuantityOnHand:Double locationQuantityOnOrder:Double locationReOrderPoint:Double \
    locationRescheduleInDays:Long locationRescheduleOutDays:Long \
    locationSafetyStockLevel:Double locationSupplyLotSizingMethod:EnumSelect \
    locationSupplyTimeFence:Long locationSupplyType:EnumSelect locationTotalValue:Double \
    locBackwardConsumptionDays:Long locForwardConsumptionDays:Long manufacturer:String \
    manufacturerAddr1:String manufacturerCity:String manufacturerState:String \
    manufacturerTariff:String manufacturerTaxId:String manufacturerZip:String \
    manufacturingChargeItem:Boolean matchBillToReceipt:Boolean memberItem:Select \
    memberQuantity:Double metaTagHtml:String minimumQuantity:String modified:Date \
    mossApplies:Boolean mpn:String multManufactureAddr:Boolean nextagCategory:String \
    nextagProductFeed:Boolean nextInvtCountDate:Date noPriceMessage:String \
    numActiveListings:Long numberAllowedDownloads:String numCurrentlyListed:Long \
    obsoleteDate:Date obsoleteRevision:Select offerSupport:Boolean \
    onlineCustomerPrice:Double onlinePrice:Double onSpecial:Boolean otherPrices:Double \
    otherVendor:Select outOfStockBehavior:String outOfStockMessage:String \
    overallQuantityPricingType:EnumSelect overheadType:EnumSelect pageTitle:String \
    parent:Select periodicLotSizeDays:Long periodicLotSizeType:EnumSelect \
    preferenceCriterion:String preferredBin:Boolean preferredLocation:Select \
    preferredStockLevel:Double preferredStockLevelDays:Long pricesIncludeTax:Boolean \
    pricingGroup:Select primaryCategory:String prodPriceVarianceAcct:Select \
    prodQtyVarianceAcct:Select purchaseDescription:String purchaseOrderAmount:Double \
    purchaseOrderQuantity:Double purchaseOrderQuantityDiff:Double \
    purchasePriceVarianceAcct:Select purchaseUnit:Select quantityAvailable:Double \
    quantityBackOrdered:Double quantityCommitted:Double quantityOnHand:Double \
    quantityOnOrder:Double quantityPricingSchedule:Select receiptAmount:Double \
    receiptQuantity:Double receiptQuantityDiff:Double reorderMultiple:Long \
    reOrderPoint:Double rescheduleInDays:Long rescheduleOutDays:Long reservePrice:Double \
    revenueAllocationGroup:Select revenueRecognitionRule:Select revRecSchedule:Select \
    roundUpAsComponent:Boolean safetyStockLevel:Double safetyStockLevelDays:Long \
    salesDescription:String salesTaxCode:Select saleUnit:Select \
    sameAsPrimaryBookAmortization:Boolean sameAsPrimaryBookRevRec:Boolean \
    scheduleBCode:EnumSelect scheduleBNumber:String scheduleBQuantity:String \
    scrapAcct:Select searchKeywords:String seasonalDemand:Boolean sellOnEBay:Boolean \
    serialNumber:String serialNumberLocation:String shipIndividually:Boolean \
    shipPackage:Select shippingCarrier:EnumSelect shippingRate:Double \
    shoppingDotComCategory:String shoppingProductFeed:Boolean shopzillaCategoryId:Long \
    shopzillaProductFeed:Boolean sitemapPriority:EnumSelect softDescriptor:Select \
    startingPrice:Double stockDescription:String stockUnit:Select storeDescription:String \
    storeDetailedDescription:String storeDisplayImage:Select storeDisplayName:String \
    storeDisplayThumbnail:Select subsidiary:Select subType:EnumSelect \
    supplyLotSizingMethod:EnumSelect supplyReplenishmentMethod:EnumSelect \
    supplyTimeFence:Long supplyType:EnumSelect taxSchedule:Select thumbNailUrl:String \
    totalValue:Double trackLandedCost:Boolean transferPrice:Double type:EnumSelect \
    unbuildVarianceAccount:Select unitsType:Select upcCode:String urlComponent:String \
    useBins:Boolean useComponentYield:Boolean useMarginalRates:Boolean vendor:Select \
    vendorCode:String vendorCost:Double vendorCostEntered:Double vendorName:String \
    vendorPriceCurrency:String vendorSchedule:Select vendReturnVarianceAccount:Select \
    vsoeDeferral:EnumSelect vsoeDelivered:Boolean vsoePermitDiscount:EnumSelect \
    vsoePrice:Double webSite:Select weight:Double weightUnit:EnumSelect wipAcct:Select \
    wipVarianceAcct:Select yahooProductFeed:Boolean customFieldList:CustomList";

pub(super) const TRANSACTION_ROW: &str = "\
    abbrev:String account:Select actualShipDate:Date altSalesAmount:Double \
    altSalesNetAmount:Double amount:Double amountPaid:Double amountRemaining:Double \
    amountUnbilled:Double appliedToForeignAmount:Double appliedToIsFxVariance:Boolean \
    appliedToLinkAmount:Double appliedToLinkType:String appliedToTransaction:Select \
    applyingForeignAmount:Double applyingIsFxVariance:Boolean applyingLinkAmount:Double \
    applyingLinkType:String applyingTransaction:Select approvalStatus:EnumSelect \
    authCode:String autoCalculateLag:Boolean avsStreetMatch:EnumSelect \
    avsZipMatch:EnumSelect billable:Boolean billAddress:String billAddress1:String \
    billAddress2:String billAddress3:String billAddressee:String billAttention:String \
    billCity:String billCountry:EnumSelect billCountryCode:String billedDate:Date \
    billingAccount:Select billingAmount:Double billingSchedule:Select \
    billingTransaction:Select billPhone:String billState:String \
    billVarianceStatus:EnumSelect billZip:String binNumber:String binNumberQuantity:Double \
    bomQuantity:Double buildEntireAssembly:Boolean buildVariance:Double built:Double \
    catchUpPeriod:String ccCustomerCode:String ccExpDate:Date ccHolderName:String \
    ccNumber:String ccStreet:String ccZipCode:String class:Select cleared:Boolean \
    closed:Boolean closeDate:Date cogsAmount:Double commissionEffectiveDate:Date \
    commit:EnumSelect componentYield:Double confirmationNumber:String contribution:Double \
    contributionPrimary:Double costComponentAmount:Double costComponentCategory:String \
    costComponentItem:String costComponentQuantity:Double costComponentStandardCost:Double \
    costEstimate:Double costEstimateRate:Double costEstimateType:EnumSelect createdBy:Select \
    createdFrom:Select creditAmount:Double cscMatch:EnumSelect currency:Select \
    customForm:Select customGL:Boolean custType:Select dateCreated:Date daysOpen:Long \
    daysOverdue:Long debitAmount:Double deferredRevenue:Double deferRevRec:Boolean \
    department:Select depositDate:Date depositTransaction:Select discountAmount:Double \
    docUnit:String drAccount:String dueDate:Date effectiveRate:Double email:String \
    endDate:Date entity:Select entityStatus:Select estGrossProfit:Double \
    estGrossProfitPct:Double estGrossProfitPercent:Double exchangeRate:Double \
    excludeCommission:Boolean excludeFromRateRequest:Boolean expectedCloseDate:Date \
    expectedReceiptDate:Date expenseCategory:Select expenseDate:Date externalId:Select \
    firmed:Boolean forecastType:EnumSelect fulfillingTransaction:Select fxAccount:String \
    fxAmount:Double fxCostEstimate:Double fxCostEstimateRate:Double fxEstGrossProfit:Double \
    fxTranCostEstimate:Double fxVsoeAllocation:Double fxVsoeAmount:Double fxVsoePrice:Double \
    gcoAvailabelToCharge:Boolean gcoAvailableToRefund:Boolean gcoAvsStreetMatch:EnumSelect \
    gcoAvsZipMatch:EnumSelect gcoBuyerAccountAge:Long gcoBuyerIp:String \
    gcoChargeAmount:Double gcoChargebackAmount:Double gcoConfirmedChargedTotal:Double \
    gcoConfirmedRefundedTotal:Double gcoCreditcardNumber:String gcoCscMatch:EnumSelect \
    gcoFinancialState:String gcoFulfillmentState:String gcoOrderId:String \
    gcoOrderTotal:Double gcoPromotionAmount:Double gcoPromotionName:String \
    gcoRefundAmount:Double gcoShippingTotal:Double gcoStateChangedDetail:String \
    giftCert:String grossAmount:Double includeInForecast:Boolean intercoStatus:EnumSelect \
    intercoTransaction:String internalId:Select inVsoeBundle:Boolean isAllocation:Boolean \
    isBackflush:Boolean isGcoChargeback:Boolean isGcoChargeConfirmed:Boolean \
    isGcoPaymentGuaranteed:Boolean isGcoRefundConfirmed:Boolean \
    isIntercompanyAdjustment:Boolean isMultiShipTo:Boolean isReversal:Boolean \
    isRevRecTransaction:Boolean isScrap:Boolean isShipAddress:Boolean \
    isTransferPriceCosting:Boolean isWip:Boolean item:Select \
    itemFulfillmentChoice:EnumSelect itemRevision:Select landedCostPerLine:Boolean \
    lastModifiedDate:Date leadSource:Select line:Long lineSequenceNumber:Long \
    location:Select locationAutoAssigned:Boolean mainLine:Boolean mainName:String \
    manufacturingRouting:Select matchBillToReceipt:Boolean memo:String memoMain:String \
    memorized:Boolean merchantAccount:Select message:String multiSubsidiary:Boolean \
    netAmount:Double netAmountNoTax:Double nextApprover:Select nextBillDate:Date \
    noAutoAssignLocation:Boolean nonReimbursable:Boolean oneTimeTotal:Double \
    opportunity:Select options:String orderPriority:Double originator:EnumSelect \
    otherRefNum:TextNumber overheadParentItem:Select packageCount:Long paidAmount:Double \
    paidTransaction:Select partner:Select partnerContribution:Double partnerRole:Select \
    partnerTeamMember:Select payingAmount:Double payingTransaction:Select \
    paymentApproved:Boolean paymentEventDate:Date paymentEventHoldReason:EnumSelect \
    paymentEventPurchaseCardUsed:Boolean paymentEventPurchaseDataSent:Boolean \
    paymentEventResult:EnumSelect paymentEventType:EnumSelect paymentHold:Boolean \
    paymentMethod:Select payPalPending:Boolean payPalStatus:String payPalTranId:String \
    payrollBatch:String pnRefNum:String poRate:Double posting:Boolean postingPeriod:Select \
    priceLevel:Select print:String probability:Double projectedAmount:Double \
    projectTask:Select promoCode:Select purchaseOrder:Select quantity:Double \
    quantityBilled:Double quantityCommitted:Double quantityPacked:Double \
    quantityPicked:Double quantityRevCommitted:Double quantityShipRecv:Double \
    quantityUom:Double rate:Double realizedGainPostingTransaction:String \
    recognizedRevenue:Double recordType:String recurAnnuallyTotal:Double \
    recurMonthlyTotal:Double recurQuarterlyTotal:Double recurringBill:Boolean \
    recurWeeklyTotal:Double refNumber:Long revCommitStatus:EnumSelect \
    revCommittingTransaction:Select revenueStatus:EnumSelect reversalDate:Date \
    reversalNumber:String revRecEndDate:Date revRecOnRevCommitment:Boolean \
    revRecStartDate:Date rgAccount:Select rgAmount:Double salesEffectiveDate:Date \
    salesOrder:Select salesRep:Select salesTeamMember:Select salesTeamRole:Select \
    schedulingMethod:EnumSelect serialNumber:String serialNumberCost:Double \
    serialNumberCostAdjustment:Double serialNumberQuantity:Double serialNumbers:String \
    shipAddress:String shipAddress1:String shipAddress2:String shipAddress3:String \
    shipAddressee:String shipAttention:String shipCarrier:EnumSelect shipCity:String \
    shipComplete:Boolean shipCountry:EnumSelect shipCountryCode:String shipDate:Date \
    shipGroup:Long shipMethod:Select shipPhone:String shippingAmount:Double \
    shipRecvStatusLine:Boolean shipState:String shipTo:Select shipZip:String \
    signedAmount:Double source:String startDate:Date status:EnumSelect \
    subscriptionLine:Select subsidiary:Select taxAmount:Double taxCode:Select \
    taxLine:Boolean taxPeriod:Select taxTotal:Double termInMonths:Long terms:Select \
    termsOfSale:String title:String toBeEmailed:Boolean toBePrinted:Boolean \
    toSubsidiary:Select total:Double totalCostEstimate:Double trackingNumbers:String \
    tranDate:Date tranEstGrossProfit:Double tranFxEstGrossProfit:Double tranId:String \
    tranIsVsoeBundle:Boolean transactionDiscount:Boolean transactionLineType:EnumSelect \
    transactionNumber:String transferLocation:Select transferOrderItemLine:String \
    transferOrderQuantityCommitted:Double transferOrderQuantityPacked:Double \
    transferOrderQuantityPicked:Double transferOrderQuantityReceived:Double \
    transferOrderQuantityShipped:Double type:EnumSelect unit:String unitCostOverride:Double \
    vendType:Select visibleToCustomer:Boolean vsoeAllocation:Double vsoeAmount:Double \
    vsoeDeferral:EnumSelect vsoeDelivered:Boolean vsoePermitDiscount:EnumSelect \
    vsoePrice:Double webSite:String customFieldList:CustomList";

pub(super) const CUSTOMRECORD_ROW: &str = "\
    recType:RecordRef altName:String availableOffline:Boolean created:Date externalId:Select \
    id:Long internalId:Select isInactive:Boolean lastModified:Date lastModifiedBy:Select \
    name:String owner:Select parent:Select customFieldList:CustomList";
