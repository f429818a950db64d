<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Rendering|Fields" labelsEnabled="1">
  <renderer-v2 type="singleSymbol" forceraster="0" symbollevels="0" enableorderby="0" referencescale="-1">
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,130,105,0"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="140,130,105,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.4"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="140,130,105,0"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="140,130,105,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.4"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="trim(coalesce(&quot;name_zh&quot;, &apos;&apos;) || &apos;&#10;&apos; || coalesce(&quot;name&quot;, &apos;&apos;))" isExpression="1" fontFamily="Noto Sans CJK SC" namedStyle="Regular" fontSize="8" fontSizeUnit="Point" fontWeight="50" fontItalic="0" textColor="50,50,50,255" textOpacity="1" multilineHeight="1" blendMode="0" allowHtml="0" capitalization="0">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>
      </text-style>
      <text-format multilineAlign="3" wrapChar="" autoWrapLength="0" formatNumbers="0" decimals="3" plussign="0" addDirectionSymbol="0"/>
      <placement placement="1" placementFlags="10" dist="1" distUnits="MM" quadOffset="4" offsetType="0" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="5" repeatDistance="0" overrunDistance="0" lineAnchorPercent="0.5"/>
      <rendering drawLabels="1" scaleVisibility="0" scaleMin="0" scaleMax="0" obstacle="1" obstacleFactor="1" obstacleType="1" displayAll="0" upsidedownLabels="0" labelPerPart="0" mergeLines="0" limitNumLabels="0" maxNumLabels="2000" minFeatureSize="0" zIndex="0" fontLimitPixelSize="0" fontMinPixelSize="0" fontMaxPixelSize="10000"/>
    </settings>
  </labeling>
  <aliases>
    <alias field="aed_count_2024" name="二(五)19b aed-count-2024"/>
    <alias field="aed_count_2024_band" name="aed-count-2024 人口档"/>
    <alias field="aed_count_2024_clause" name="aed-count-2024 条款"/>
    <alias field="aed_count_2024_found" name="aed-count-2024 现有"/>
    <alias field="aed_count_2024_required" name="aed-count-2024 要求"/>
    <alias field="aed_count_2024_to" name="aed-count-2024 迁往"/>
    <alias field="aed_per_100k" name="二(五)19b aed-per-100k"/>
    <alias field="aed_per_100k_band" name="aed-per-100k 人口档"/>
    <alias field="aed_per_100k_clause" name="aed-per-100k 条款"/>
    <alias field="aed_per_100k_found" name="aed-per-100k 现有"/>
    <alias field="aed_per_100k_required" name="aed-per-100k 要求"/>
    <alias field="aed_per_100k_to" name="aed-per-100k 迁往"/>
    <alias field="area_km2" name="面积(平方公里)"/>
    <alias field="basis" name="依据"/>
    <alias field="canteens_2024" name="二(三)10c canteens-2024"/>
    <alias field="canteens_2024_band" name="canteens-2024 人口档"/>
    <alias field="canteens_2024_clause" name="canteens-2024 条款"/>
    <alias field="canteens_2024_found" name="canteens-2024 现有"/>
    <alias field="canteens_2024_required" name="canteens-2024 要求"/>
    <alias field="canteens_2024_to" name="canteens-2024 迁往"/>
    <alias field="care_workers_per_10k_elderly" name="二(五)20 care-workers-per-10k-elderly"/>
    <alias field="care_workers_per_10k_elderly_band" name="care-workers-per-10k-elderly 人口档"/>
    <alias field="care_workers_per_10k_elderly_clause" name="care-workers-per-10k-elderly 条款"/>
    <alias field="care_workers_per_10k_elderly_found" name="care-workers-per-10k-elderly 现有"/>
    <alias field="care_workers_per_10k_elderly_required" name="care-workers-per-10k-elderly 要求"/>
    <alias field="care_workers_per_10k_elderly_to" name="care-workers-per-10k-elderly 迁往"/>
    <alias field="change" name="变化"/>
    <alias field="clause" name="条款"/>
    <alias field="community_health_stations" name="二(二)6 community-health-stations"/>
    <alias field="community_health_stations_band" name="community-health-stations 人口档"/>
    <alias field="community_health_stations_clause" name="community-health-stations 条款"/>
    <alias field="community_health_stations_found" name="community-health-stations 现有"/>
    <alias field="community_health_stations_required" name="community-health-stations 要求"/>
    <alias field="community_health_stations_to" name="community-health-stations 迁往"/>
    <alias field="consolidate_small_islands" name="二(四)11–12 consolidate-small-islands"/>
    <alias field="consolidate_small_islands_band" name="consolidate-small-islands 人口档"/>
    <alias field="consolidate_small_islands_clause" name="consolidate-small-islands 条款"/>
    <alias field="consolidate_small_islands_found" name="consolidate-small-islands 现有"/>
    <alias field="consolidate_small_islands_required" name="consolidate-small-islands 要求"/>
    <alias field="consolidate_small_islands_to" name="consolidate-small-islands 迁往"/>
    <alias field="distance_m" name="直线距离(米)"/>
    <alias field="elderly" name="老年人口"/>
    <alias field="elderly_care_15min" name="二(三)8a elderly-care-15min"/>
    <alias field="elderly_care_15min_band" name="elderly-care-15min 人口档"/>
    <alias field="elderly_care_15min_clause" name="elderly-care-15min 条款"/>
    <alias field="elderly_care_15min_found" name="elderly-care-15min 现有"/>
    <alias field="elderly_care_15min_required" name="elderly-care-15min 要求"/>
    <alias field="elderly_care_15min_to" name="elderly-care-15min 迁往"/>
    <alias field="emergency_point_per_town" name="二(五)19a emergency-point-per-town"/>
    <alias field="emergency_point_per_town_band" name="emergency-point-per-town 人口档"/>
    <alias field="emergency_point_per_town_clause" name="emergency-point-per-town 条款"/>
    <alias field="emergency_point_per_town_found" name="emergency-point-per-town 现有"/>
    <alias field="emergency_point_per_town_required" name="emergency-point-per-town 要求"/>
    <alias field="emergency_point_per_town_to" name="emergency-point-per-town 迁往"/>
    <alias field="emergency_sub_centre" name="二(五)19 emergency-sub-centre"/>
    <alias field="emergency_sub_centre_band" name="emergency-sub-centre 人口档"/>
    <alias field="emergency_sub_centre_clause" name="emergency-sub-centre 条款"/>
    <alias field="emergency_sub_centre_found" name="emergency-sub-centre 现有"/>
    <alias field="emergency_sub_centre_required" name="emergency-sub-centre 要求"/>
    <alias field="emergency_sub_centre_to" name="emergency-sub-centre 迁往"/>
    <alias field="facility" name="设施"/>
    <alias field="family" name="服务类别"/>
    <alias field="found" name="现有"/>
    <alias field="gap_rules" name="未达标规则"/>
    <alias field="gaps" name="未达标规则数"/>
    <alias field="gig_markets" name="二(四)14 gig-markets"/>
    <alias field="gig_markets_band" name="gig-markets 人口档"/>
    <alias field="gig_markets_clause" name="gig-markets 条款"/>
    <alias field="gig_markets_found" name="gig-markets 现有"/>
    <alias field="gig_markets_required" name="gig-markets 要求"/>
    <alias field="gig_markets_to" name="gig-markets 迁往"/>
    <alias field="health_15min" name="二(二)5a health-15min"/>
    <alias field="health_15min_band" name="health-15min 人口档"/>
    <alias field="health_15min_clause" name="health-15min 条款"/>
    <alias field="health_15min_found" name="health-15min 现有"/>
    <alias field="health_15min_required" name="health-15min 要求"/>
    <alias field="health_15min_to" name="health-15min 迁往"/>
    <alias field="health_band_island" name="二(二)5c–e health-band-island"/>
    <alias field="health_band_island_band" name="health-band-island 人口档"/>
    <alias field="health_band_island_clause" name="health-band-island 条款"/>
    <alias field="health_band_island_found" name="health-band-island 现有"/>
    <alias field="health_band_island_required" name="health-band-island 要求"/>
    <alias field="health_band_island_to" name="health-band-island 迁往"/>
    <alias field="health_band_village" name="二(二)5b health-band-village"/>
    <alias field="health_band_village_band" name="health-band-village 人口档"/>
    <alias field="health_band_village_clause" name="health-band-village 条款"/>
    <alias field="health_band_village_found" name="health-band-village 现有"/>
    <alias field="health_band_village_required" name="health-band-village 要求"/>
    <alias field="health_band_village_to" name="health-band-village 迁往"/>
    <alias field="home_care_centres" name="二(三)8b home-care-centres"/>
    <alias field="home_care_centres_band" name="home-care-centres 人口档"/>
    <alias field="home_care_centres_clause" name="home-care-centres 条款"/>
    <alias field="home_care_centres_found" name="home-care-centres 现有"/>
    <alias field="home_care_centres_required" name="home-care-centres 要求"/>
    <alias field="home_care_centres_to" name="home-care-centres 迁往"/>
    <alias field="id" name="编号"/>
    <alias field="island" name="海岛"/>
    <alias field="island_assignment" name="海岛归属方式"/>
    <alias field="island_name" name="海岛(拼音)"/>
    <alias field="island_name_zh" name="海岛名称"/>
    <alias field="kind" name="类型"/>
    <alias field="kind_zh" name="类型(中文)"/>
    <alias field="liuheng_clinic_merger" name="二(五)19 liuheng-clinic-merger"/>
    <alias field="liuheng_clinic_merger_band" name="liuheng-clinic-merger 人口档"/>
    <alias field="liuheng_clinic_merger_clause" name="liuheng-clinic-merger 条款"/>
    <alias field="liuheng_clinic_merger_found" name="liuheng-clinic-merger 现有"/>
    <alias field="liuheng_clinic_merger_required" name="liuheng-clinic-merger 要求"/>
    <alias field="liuheng_clinic_merger_to" name="liuheng-clinic-merger 迁往"/>
    <alias field="livelihood_complexes" name="二(三)10a livelihood-complexes"/>
    <alias field="livelihood_complexes_band" name="livelihood-complexes 人口档"/>
    <alias field="livelihood_complexes_clause" name="livelihood-complexes 条款"/>
    <alias field="livelihood_complexes_found" name="livelihood-complexes 现有"/>
    <alias field="livelihood_complexes_required" name="livelihood-complexes 要求"/>
    <alias field="livelihood_complexes_to" name="livelihood-complexes 迁往"/>
    <alias field="logistics_district_centre" name="二(六)22c logistics-district-centre"/>
    <alias field="logistics_district_centre_band" name="logistics-district-centre 人口档"/>
    <alias field="logistics_district_centre_clause" name="logistics-district-centre 条款"/>
    <alias field="logistics_district_centre_found" name="logistics-district-centre 现有"/>
    <alias field="logistics_district_centre_required" name="logistics-district-centre 要求"/>
    <alias field="logistics_district_centre_to" name="logistics-district-centre 迁往"/>
    <alias field="logistics_town_centres" name="二(六)22c logistics-town-centres"/>
    <alias field="logistics_town_centres_band" name="logistics-town-centres 人口档"/>
    <alias field="logistics_town_centres_clause" name="logistics-town-centres 条款"/>
    <alias field="logistics_town_centres_found" name="logistics-town-centres 现有"/>
    <alias field="logistics_town_centres_required" name="logistics-town-centres 要求"/>
    <alias field="logistics_town_centres_to" name="logistics-town-centres 迁往"/>
    <alias field="logistics_village_points" name="二(六)22c logistics-village-points"/>
    <alias field="logistics_village_points_band" name="logistics-village-points 人口档"/>
    <alias field="logistics_village_points_clause" name="logistics-village-points 条款"/>
    <alias field="logistics_village_points_found" name="logistics-village-points 现有"/>
    <alias field="logistics_village_points_required" name="logistics-village-points 要求"/>
    <alias field="logistics_village_points_to" name="logistics-village-points 迁往"/>
    <alias field="meal_delivery_share" name="二(三)10c meal-delivery-share"/>
    <alias field="meal_delivery_share_band" name="meal-delivery-share 人口档"/>
    <alias field="meal_delivery_share_clause" name="meal-delivery-share 条款"/>
    <alias field="meal_delivery_share_found" name="meal-delivery-share 现有"/>
    <alias field="meal_delivery_share_required" name="meal-delivery-share 要求"/>
    <alias field="meal_delivery_share_to" name="meal-delivery-share 迁往"/>
    <alias field="meal_points_2024" name="二(三)10c meal-points-2024"/>
    <alias field="meal_points_2024_band" name="meal-points-2024 人口档"/>
    <alias field="meal_points_2024_clause" name="meal-points-2024 条款"/>
    <alias field="meal_points_2024_found" name="meal-points-2024 现有"/>
    <alias field="meal_points_2024_required" name="meal-points-2024 要求"/>
    <alias field="meal_points_2024_to" name="meal-points-2024 迁往"/>
    <alias field="minutes" name="分钟"/>
    <alias field="name" name="名称(拼音)"/>
    <alias field="name_zh" name="名称"/>
    <alias field="overall_rank" name="总排名"/>
    <alias field="path" name="路径类型"/>
    <alias field="population" name="常住人口"/>
    <alias field="population_covered" name="新覆盖人口"/>
    <alias field="poverty_care_only_main_and_liuheng" name="二(三)10b poverty-care-only-main-and-liuheng"/>
    <alias field="poverty_care_only_main_and_liuheng_band" name="poverty-care-only-main-and-liuheng 人口档"/>
    <alias field="poverty_care_only_main_and_liuheng_clause" name="poverty-care-only-main-and-liuheng 条款"/>
    <alias field="poverty_care_only_main_and_liuheng_found" name="poverty-care-only-main-and-liuheng 现有"/>
    <alias field="poverty_care_only_main_and_liuheng_required" name="poverty-care-only-main-and-liuheng 要求"/>
    <alias field="poverty_care_only_main_and_liuheng_to" name="poverty-care-only-main-and-liuheng 迁往"/>
    <alias field="profile" name="出行方式"/>
    <alias field="pupils_on_large_islands" name="二(一)1 pupils-on-large-islands"/>
    <alias field="pupils_on_large_islands_band" name="pupils-on-large-islands 人口档"/>
    <alias field="pupils_on_large_islands_clause" name="pupils-on-large-islands 条款"/>
    <alias field="pupils_on_large_islands_found" name="pupils-on-large-islands 现有"/>
    <alias field="pupils_on_large_islands_required" name="pupils-on-large-islands 要求"/>
    <alias field="pupils_on_large_islands_to" name="pupils-on-large-islands 迁往"/>
    <alias field="rank" name="规则内排名"/>
    <alias field="reason_en" name="原因(英文)"/>
    <alias field="reason_zh" name="原因"/>
    <alias field="required" name="要求"/>
    <alias field="residents" name="居民数"/>
    <alias field="rule" name="规则"/>
    <alias field="senior_classroom_share" name="二(三)8c senior-classroom-share"/>
    <alias field="senior_classroom_share_band" name="senior-classroom-share 人口档"/>
    <alias field="senior_classroom_share_clause" name="senior-classroom-share 条款"/>
    <alias field="senior_classroom_share_found" name="senior-classroom-share 现有"/>
    <alias field="senior_classroom_share_required" name="senior-classroom-share 要求"/>
    <alias field="senior_classroom_share_to" name="senior-classroom-share 迁往"/>
    <alias field="senior_school_per_town" name="二(三)8c senior-school-per-town"/>
    <alias field="senior_school_per_town_band" name="senior-school-per-town 人口档"/>
    <alias field="senior_school_per_town_clause" name="senior-school-per-town 条款"/>
    <alias field="senior_school_per_town_found" name="senior-school-per-town 现有"/>
    <alias field="senior_school_per_town_required" name="senior-school-per-town 要求"/>
    <alias field="senior_school_per_town_to" name="senior-school-per-town 迁往"/>
    <alias field="settlement" name="居民点"/>
    <alias field="site" name="选址"/>
    <alias field="site_name" name="选址(拼音)"/>
    <alias field="site_name_zh" name="选址名称"/>
    <alias field="small_island_monthly_round" name="二(三)9 small-island-monthly-round"/>
    <alias field="small_island_monthly_round_band" name="small-island-monthly-round 人口档"/>
    <alias field="small_island_monthly_round_clause" name="small-island-monthly-round 条款"/>
    <alias field="small_island_monthly_round_found" name="small-island-monthly-round 现有"/>
    <alias field="small_island_monthly_round_required" name="small-island-monthly-round 要求"/>
    <alias field="small_island_monthly_round_to" name="small-island-monthly-round 迁往"/>
    <alias field="solver_status" name="求解状态"/>
    <alias field="status" name="状态"/>
    <alias field="subject" name="对象"/>
    <alias field="subject_kind" name="对象类型"/>
    <alias field="territory" name="居住范围"/>
    <alias field="tier" name="等级"/>
    <alias field="town" name="乡镇(街道)"/>
    <alias field="training_30min" name="二(四)15 training-30min"/>
    <alias field="training_30min_band" name="training-30min 人口档"/>
    <alias field="training_30min_clause" name="training-30min 条款"/>
    <alias field="training_30min_found" name="training-30min 现有"/>
    <alias field="training_30min_required" name="training-30min 要求"/>
    <alias field="training_30min_to" name="training-30min 迁往"/>
    <alias field="transport_stations" name="二(六)22a transport-stations"/>
    <alias field="transport_stations_band" name="transport-stations 人口档"/>
    <alias field="transport_stations_clause" name="transport-stations 条款"/>
    <alias field="transport_stations_found" name="transport-stations 现有"/>
    <alias field="transport_stations_required" name="transport-stations 要求"/>
    <alias field="transport_stations_to" name="transport-stations 迁往"/>
    <alias field="village_care_centres" name="二(三)8b village-care-centres"/>
    <alias field="village_care_centres_band" name="village-care-centres 人口档"/>
    <alias field="village_care_centres_clause" name="village-care-centres 条款"/>
    <alias field="village_care_centres_found" name="village-care-centres 现有"/>
    <alias field="village_care_centres_required" name="village-care-centres 要求"/>
    <alias field="village_care_centres_to" name="village-care-centres 迁往"/>
    <alias field="village_clinics_standardised" name="二(五)19c village-clinics-standardised"/>
    <alias field="village_clinics_standardised_band" name="village-clinics-standardised 人口档"/>
    <alias field="village_clinics_standardised_clause" name="village-clinics-standardised 条款"/>
    <alias field="village_clinics_standardised_found" name="village-clinics-standardised 现有"/>
    <alias field="village_clinics_standardised_required" name="village-clinics-standardised 要求"/>
    <alias field="village_clinics_standardised_to" name="village-clinics-standardised 迁往"/>
    <alias field="village_code" name="区划代码"/>
    <alias field="water_stations" name="二(六)22d water-stations"/>
    <alias field="water_stations_band" name="water-stations 人口档"/>
    <alias field="water_stations_clause" name="water-stations 条款"/>
    <alias field="water_stations_found" name="water-stations 现有"/>
    <alias field="water_stations_required" name="water-stations 要求"/>
    <alias field="water_stations_to" name="water-stations 迁往"/>
  </aliases>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>2</layerGeometryType>
</qgis>
